package io.modelfleet.rest.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.PayloadTooLargeException;

/**
 * Upload bodies (models, dataset files): any bytes under any content type are read part by part or refused with
 * {@link InvalidInputException} (400) or {@link PayloadTooLargeException} (413); a well-formed form, however its
 * bytes arrive (one at a time or all at once), yields exactly its parts, names and contents, and a part over its
 * limit is a 413.
 */
class MultipartReaderFuzzTest {
    private static final String BOUNDARY_CHARS = "abcXYZ0189'()+_,-./:=?";

    private record Part(String name, String filename, byte[] content) {
    }

    @FuzzTest(maxExecutions = 100_000, maxDuration = "4s")
    void readsTheFormOrRefuses(FuzzedDataProvider data) throws IOException {
        int chunk = data.consumeInt(1, 80);
        if (data.consumeBoolean()) {
            wellFormed(data, chunk);
        } else {
            String contentType = data.consumeBoolean() ? "multipart/form-data; boundary=" + data.consumeAsciiString(12)
                    : data.consumeString(60);
            readAll(contentType, trickle(data.consumeRemainingAsBytes(), chunk), data.consumeInt(0, 500));
        }
    }

    private static void readAll(String contentType, InputStream body, int limit) throws IOException {
        try {
            MultipartReader reader = new MultipartReader(body, contentType);
            for (MultipartReader.Part part = reader.next(); part != null; part = reader.next()) {
                assertNotNull(part.name());
                reader.copyPart(part.name(), new ByteArrayOutputStream(), limit);
            }
        } catch (InvalidInputException | PayloadTooLargeException e) {
            assertNotNull(e.detail());
        }
    }

    private static void wellFormed(FuzzedDataProvider data, int chunk) throws IOException {
        StringBuilder boundary = new StringBuilder();
        int length = data.consumeInt(1, 70);
        for (int i = 0; i < length; i++) {
            boundary.append(BOUNDARY_CHARS.charAt(data.consumeInt(0, BOUNDARY_CHARS.length() - 1)));
        }
        String contentType = data.consumeBoolean() ? "multipart/form-data; boundary=" + boundary
                : "Multipart/Form-Data; charset=utf-8; boundary=\"" + boundary + "\"";
        List<Part> parts = new ArrayList<>();
        int count = data.consumeInt(1, 4);
        for (int i = 0; i < count; i++) {
            String name = data.consumeAsciiString(10).replaceAll("[\"\r\n]", "");
            String filename = data.consumeBoolean() ? data.consumeAsciiString(10).replaceAll("[\"\r\n]", "") : null;
            byte[] content = data.consumeBoolean() ? ("\r\n--" + boundary.substring(0, data.consumeInt(0, length - 1)))
                    .getBytes(StandardCharsets.US_ASCII) : data.consumeBytes(300);
            parts.add(new Part(name, filename, content));
        }
        int limit = data.consumeInt(0, 400);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (data.consumeBoolean()) {
            body.writeBytes("preamble to ignore\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        boolean ambiguous = false;
        for (Part part : parts) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.name() + "\""
                    + (part.filename() == null ? "" : "; filename=\"" + part.filename() + "\"")
                    + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            body.writeBytes(part.content());
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            // content that holds the delimiter (or ends where it would start one) cannot be framed by it
            ambiguous |= contains(part.content(), delimiter) || contains(concat(part.content(), delimiter), delimiter, 1);
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        if (ambiguous) {
            readAll(contentType, trickle(body.toByteArray(), chunk), limit);
            return;
        }
        MultipartReader reader = new MultipartReader(trickle(body.toByteArray(), chunk), contentType);
        for (Part expected : parts) {
            MultipartReader.Part part = reader.next();
            assertNotNull(part);
            assertEquals(expected.name(), part.name());
            assertEquals(expected.filename(), part.filename());
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            if (expected.content().length > limit) {
                assertThrows(PayloadTooLargeException.class, () -> reader.copyPart(part.name(), content, limit));
                return;
            }
            assertEquals(expected.content().length, reader.copyPart(part.name(), content, limit));
            assertArrayEquals(expected.content(), content.toByteArray());
        }
        assertNull(reader.next());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        return contains(haystack, needle, 0);
    }

    /** Whether {@code needle} occurs at a position before {@code haystack.length - needle.length + 1 - skipLast}. */
    private static boolean contains(byte[] haystack, byte[] needle, int skipLast) {
        outer: for (int i = 0; i <= haystack.length - needle.length - skipLast; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
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
}
