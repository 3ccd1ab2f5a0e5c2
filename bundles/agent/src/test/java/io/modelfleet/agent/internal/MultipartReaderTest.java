package io.modelfleet.agent.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The multipart reader on its own: parts split across reads at every byte, content that almost holds the boundary,
 * exact limits, and the strictness the endpoint's answers rely on. The endpoint itself is tested over HTTP in
 * {@link LocalInferenceServerImageTest}.
 */
class MultipartReaderTest {
    private static final String TYPE = "multipart/form-data; boundary=b0und";

    @Test
    void readsEveryPartWholeWhenTheBodyArrivesOneByteAtATime() throws Exception {
        byte[] file = new byte[5000];
        new Random(5).nextBytes(file);
        // content that looks like the start of a delimiter, or a delimiter of a longer boundary
        byte[] tricky = "a\r\n--b0un\r\n--b0unX\r\n-\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        String body = "a preamble, ignored\r\n--b0und  \t\r\n"
                + "Content-Disposition: form-data; name=\"note\"\r\n\r\n"
                + "hello\r\n--b0und\r\n"
                + "content-disposition: FORM-DATA; filename=\"a \\\"quoted\\\" name.png\";name=image\r\n"
                + "X-Extra: ignored\r\nContent-Type: Image/PNG; q=1\r\n\r\n";
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        form.writeBytes(body.getBytes(StandardCharsets.UTF_8));
        form.writeBytes(file);
        form.writeBytes("\r\n--b0und\r\nContent-Disposition: form-data; name=\"tricky\"; filename=\"t\"\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        form.writeBytes(tricky);
        form.writeBytes("\r\n--b0und--\r\nan epilogue, ignored".getBytes(StandardCharsets.US_ASCII));

        MultipartReader reader = new MultipartReader(oneByteAtATime(form.toByteArray()), TYPE, 1 << 20);
        MultipartReader.Part note = reader.next();
        assertEquals(new MultipartReader.Part("note", null, null), note);
        assertFalse(note.isFile());
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), content(reader, 100));
        MultipartReader.Part image = reader.next();
        assertEquals("image", image.name());
        assertEquals("a \"quoted\" name.png", image.filename());
        assertEquals("image/png", image.mediaType());
        assertTrue(image.isFile());
        assertArrayEquals(file, content(reader, file.length));
        assertEquals("tricky", reader.next().name());
        assertArrayEquals(tricky, content(reader, tricky.length));
        assertNull(reader.next());
        assertNull(reader.next(), "done stays done");
    }

    @Test
    void aSkippedPartIsReadPastAndTheNextOneIsWhole() throws Exception {
        MultipartReader reader = reader("--b0und\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nskip me\r\n"
                + "--b0und\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\nkeep me\r\n--b0und--");
        assertEquals("a", reader.next().name());
        assertEquals("b", reader.next().name());
        assertArrayEquals("keep me".getBytes(StandardCharsets.US_ASCII), content(reader, 100));
        assertNull(reader.next());
    }

    @Test
    void aPartOfExactlyTheLimitIsReadAndOneByteMoreIs413() throws Exception {
        String exactly = "--b0und\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n0123456789\r\n--b0und--";
        MultipartReader reader = reader(exactly);
        reader.next();
        assertEquals(10, content(reader, 10).length);

        MultipartReader over = reader(exactly.replace("0123456789", "0123456789X"));
        over.next();
        FormRejectedException e = assertThrows(FormRejectedException.class,
                () -> over.copyContent(new ByteArrayOutputStream(), 10));
        assertEquals(413, e.status());
        assertEquals("the part 'f' is larger than 10 bytes", e.detail());
    }

    @Test
    void theWholeBodyIsBoundedPreambleAndHeadersIncluded() throws Exception {
        String form = "x".repeat(5000) + "\r\n--b0und\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nhi\r\n"
                + "--b0und--";
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(form.getBytes(StandardCharsets.US_ASCII)),
                TYPE, 4096);
        FormRejectedException e = assertThrows(FormRejectedException.class, reader::next);
        assertEquals(413, e.status());
        assertEquals("the form is larger than 4096 bytes", e.detail());
    }

    @Test
    void boundariesFollowRfc2046() throws Exception {
        for (String type : List.of("multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; "
                + "boundary=\"\"", "multipart/form-data; boundary=" + "b".repeat(71), "multipart/form-data; "
                + "boundary=\"ends in space \"", "multipart/form-data; boundary=semi;colon=1;boundary=x",
                "multipart/form-data; boundary=\"unclosed", "multipart/form-data; boundary=caf\u00e9",
                "multipart/form-data; boundary=b; charset")) {
            FormRejectedException e = assertThrows(FormRejectedException.class,
                    () -> new MultipartReader(InputStream.nullInputStream(), type, 100), type);
            assertEquals(400, e.status(), type);
        }
        assertEquals("b".repeat(70), MultipartReader.boundaryOf("multipart/form-data; boundary=" + "b".repeat(70)));
        assertEquals("a b'()+_,-./:=?", MultipartReader.boundaryOf("Multipart/Form-Data ; Boundary=\"a b'()+_,-./:=?\" "));
        assertEquals("x", MultipartReader.boundaryOf("multipart/form-data; charset=utf-8; boundary=x;"));
    }

    @Test
    void malformedFormsAreRefusedWithTheirReason() throws Exception {
        String disposition = "Content-Disposition: form-data; name=\"f\"";
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] { "no boundary line", "just text", "has no boundary line '--b0und'" });
        cases.add(new String[] { "ends after the boundary", "--b0und", "ends before the form's closing boundary" });
        cases.add(new String[] { "text after the boundary", "--b0undary\r\n" + disposition + "\r\n\r\nx\r\n--b0und--",
            "goes on after the boundary" });
        cases.add(new String[] { "too much padding", "--b0und" + " ".repeat(65) + "\r\n" + disposition
            + "\r\n\r\nx\r\n--b0und--", "goes on after the boundary" });
        cases.add(new String[] { "headers cut", "--b0und\r\n" + disposition, "ends inside a part's headers" });
        cases.add(new String[] { "content cut", "--b0und\r\n" + disposition + "\r\n\r\nxyz\r\n--b0u",
            "ends before the form's closing boundary" });
        cases.add(new String[] { "no headers", "--b0und\r\n\r\nx\r\n--b0und--", "no Content-Disposition header" });
        cases.add(new String[] { "folded header", "--b0und\r\n" + disposition + "\r\n ; filename=x\r\n\r\nx\r\n"
            + "--b0und--", "folded" });
        cases.add(new String[] { "bare LF", "--b0und\r\n" + disposition + "\nContent-Type: image/png\r\n\r\nx\r\n"
            + "--b0und--", "must end with CR LF" });
        cases.add(new String[] { "nameless header", "--b0und\r\n" + disposition + "\r\n: x\r\n\r\nx\r\n--b0und--",
            "header line without a name" });
        cases.add(new String[] { "two dispositions", "--b0und\r\n" + disposition + "\r\n" + disposition
            + "\r\n\r\nx\r\n--b0und--", "two Content-Disposition headers" });
        cases.add(new String[] { "two types", "--b0und\r\n" + disposition + "\r\nContent-Type: a/b\r\n"
            + "Content-Type: a/b\r\n\r\nx\r\n--b0und--", "two Content-Type headers" });
        cases.add(new String[] { "attachment", "--b0und\r\nContent-Disposition: attachment; name=\"f\"\r\n\r\nx\r\n"
            + "--b0und--", "is 'attachment', not form-data" });
        cases.add(new String[] { "no name", "--b0und\r\nContent-Disposition: form-data; filename=\"a.png\"\r\n\r\nx"
            + "\r\n--b0und--", "no name in its Content-Disposition" });
        cases.add(new String[] { "name twice", "--b0und\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\nx"
            + "\r\n--b0und--", "has the parameter 'name' twice" });
        cases.add(new String[] { "quoted-printable", "--b0und\r\n" + disposition + "\r\nContent-Transfer-Encoding: "
            + "quoted-printable\r\n\r\nx\r\n--b0und--", "Content-Transfer-Encoding is 'quoted-printable'" });
        cases.add(new String[] { "too many headers", "--b0und\r\n" + disposition + "\r\nX: y".repeat(16)
            + "\r\n\r\nx\r\n--b0und--", "more than 16 headers" });
        cases.add(new String[] { "headers too long", "--b0und\r\n" + disposition + "\r\nX: " + "y".repeat(8200)
            + "\r\n\r\nx\r\n--b0und--", "headers are longer than 8192 bytes" });
        for (String[] c : cases) {
            MultipartReader reader = reader(c[1]);
            FormRejectedException e = assertThrows(FormRejectedException.class, () -> {
                MultipartReader.Part part;
                while ((part = reader.next()) != null) {
                    reader.copyContent(new ByteArrayOutputStream(), 1 << 20);
                    assertTrue(part.name() != null);
                }
            }, c[0]);
            assertEquals(400, e.status(), c[0]);
            assertEquals("invalid multipart body", e.error(), c[0]);
            assertTrue(e.detail().contains(c[2]), c[0] + ": " + e.detail());
        }
    }

    @Test
    void binaryEncodingsAndFileNamesInEitherFormAreTakenAsTheyAre() throws Exception {
        MultipartReader reader = reader("--b0und\r\nContent-Disposition: form-data; name=\"f\"; "
                + "filename*=UTF-8''caf%C3%A9.png\r\nContent-Transfer-Encoding: BINARY\r\n\r\nx\r\n--b0und--");
        MultipartReader.Part part = reader.next();
        assertEquals("UTF-8''caf%C3%A9.png", part.filename());
        assertTrue(part.isFile(), "a file name makes a file, whatever its type");
        assertArrayEquals(new byte[] { 'x' }, content(reader, 1));
        assertNull(reader.next());
    }

    private static MultipartReader reader(String body) throws FormRejectedException {
        return new MultipartReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), TYPE, 1 << 20);
    }

    private static byte[] content(MultipartReader reader, long max) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reader.copyContent(out, max);
        return out.toByteArray();
    }

    /** What a slow link delivers: one byte per read. */
    private static InputStream oneByteAtATime(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
                return super.read(buffer, offset, Math.min(1, length));
            }
        };
    }
}
