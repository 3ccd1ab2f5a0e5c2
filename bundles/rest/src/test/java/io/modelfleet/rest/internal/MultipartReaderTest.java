package io.modelfleet.rest.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.PayloadTooLargeException;

class MultipartReaderTest {
    private static final String TYPE = "multipart/form-data; boundary=----XyZ";

    private static byte[] form(byte[] file) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("------XyZ\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n1.2\r\n"
                + "------XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"m.onnx\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(file);
        body.write("\r\n------XyZ--\r\n".getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    /** Hands out at most {@code chunk} bytes per read, so boundaries straddle reads. */
    private static InputStream trickle(byte[] bytes, int chunk) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    @Test
    void readsFieldsAndBinaryFilesWhateverTheReadSizes() throws IOException {
        byte[] file = new byte[200_000];
        new Random(7).nextBytes(file);
        // bytes that look like the start of a boundary inside the file must survive
        System.arraycopy("\r\n------Xy".getBytes(StandardCharsets.US_ASCII), 0, file, 1000, 10);
        for (int chunk : new int[] { 1, 3, 17, 4096, 1 << 20 }) {
            MultipartReader reader = new MultipartReader(trickle(form(file), chunk), TYPE);
            MultipartReader.Part version = reader.next();
            assertEquals("version", version.name());
            assertEquals("1.2", reader.readText("version", 100));
            MultipartReader.Part part = reader.next();
            assertEquals("file", part.name());
            assertEquals("m.onnx", part.filename());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(file.length, reader.copyPart("file", out, file.length));
            assertArrayEquals(file, out.toByteArray(), "chunk " + chunk);
            assertNull(reader.next());
        }
    }

    @Test
    void enforcesThePartLimit() throws IOException {
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(form(new byte[5000])), TYPE);
        reader.next();
        reader.readText("version", 100);
        reader.next();
        assertThrows(PayloadTooLargeException.class, () -> reader.copyPart("file", OutputStreamSink.INSTANCE, 4999));
    }

    @Test
    void rejectsTruncatedAndMalformedBodies() throws IOException {
        byte[] whole = form(new byte[3000]);
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length - 30);
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(truncated), TYPE);
        reader.next();
        reader.readText("version", 100);
        reader.next();
        assertThrows(InvalidInputException.class, () -> reader.copyPart("file", OutputStreamSink.INSTANCE, 1 << 20));
        assertThrows(InvalidInputException.class, () -> new MultipartReader(new ByteArrayInputStream(whole), "application/json"));
        assertThrows(InvalidInputException.class,
                () -> new MultipartReader(new ByteArrayInputStream(new byte[0]), TYPE));
    }

    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
