package io.modelfleet.agent.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A strict, bounded, streaming reader of a multipart/form-data body (RFC 7578, with RFC 2046's syntax). Parts come
 * one at a time; a part's content is copied out only up to the caller's limit, and the whole body (preamble,
 * boundaries and part headers included) has a limit of its own, so a request never holds more than its limits allow.
 * What is malformed is refused with the reason rather than guessed around: the senders are programs, and a form
 * read "somehow" would answer for an image other than the one sent.
 */
final class MultipartReader {
    /** RFC 2046. */
    static final int MAX_BOUNDARY = 70;
    /** One part's header block: room for a Content-Disposition with a long file name, and a few more headers. */
    static final int MAX_HEADER_BYTES = 8 * 1024;
    static final int MAX_HEADERS = 16;
    /** Spaces or tabs a sender may put after a boundary (RFC 2046's transport padding). */
    private static final int MAX_PADDING = 64;
    private static final String BOUNDARY_CHARS = "'()+_,-./:=? ";
    private static final byte[] BLANK_LINE = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final long NOT_FOUND = -1;
    private static final long OVER_LIMIT = -2;

    private final InputStream in;
    private final String boundary;
    /** CRLF "--" boundary: what ends a part's content. */
    private final byte[] delimiter;
    private final long maxBodyBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;
    private long bytesRead;
    private boolean eof;
    private boolean started;
    private boolean finished;
    private Part current;
    private boolean contentPending;

    /**
     * A part as its headers describe it. {@code filename} and {@code contentType} are null when absent.
     */
    record Part(String name, String filename, String contentType) {
        /** The Content-Type's media type, lower case without parameters; empty when there is none. */
        String mediaType() {
            return LocalInferenceServer.mediaType(contentType);
        }

        /**
         * A file rather than a text field: it has a file name, or a type other than text/plain (RFC 7578's default,
         * which is what text fields carry or imply).
         */
        boolean isFile() {
            return filename != null || !(mediaType().isEmpty() || mediaType().equals("text/plain"));
        }
    }

    /**
     * @param contentType the request's Content-Type, whose {@code boundary} parameter separates the parts
     * @param maxBodyBytes what the whole body may hold; reading past it is refused with 413
     * @throws FormRejectedException when the Content-Type has no usable boundary
     */
    MultipartReader(InputStream in, String contentType, long maxBodyBytes) throws FormRejectedException {
        this.in = in;
        this.maxBodyBytes = maxBodyBytes;
        this.boundary = boundaryOf(contentType);
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        // the first boundary line has no line break before it: with one put in front, every delimiter looks alike
        // and a preamble is simply what comes before the first one
        buffer[0] = '\r';
        buffer[1] = '\n';
        end = 2;
    }

    /** The boundary parameter of a multipart Content-Type, checked against RFC 2046's syntax. */
    static String boundaryOf(String contentType) throws FormRejectedException {
        String boundary = parameters(contentType == null ? "" : contentType, "Content-Type").get("boundary");
        if (boundary == null) {
            throw FormRejectedException.malformed("the Content-Type has no boundary parameter; a multipart/form-data "
                    + "body needs one to separate its parts");
        }
        boolean valid = !boundary.isEmpty() && boundary.length() <= MAX_BOUNDARY && !boundary.endsWith(" ");
        for (int i = 0; valid && i < boundary.length(); i++) {
            char c = boundary.charAt(i);
            valid = c < 128 && (Character.isLetterOrDigit(c) || BOUNDARY_CHARS.indexOf(c) >= 0);
        }
        if (!valid) {
            throw FormRejectedException.malformed("the Content-Type's boundary is not valid: 1 to " + MAX_BOUNDARY
                    + " letters, digits or '()+_,-./:=? (not ending in a space)");
        }
        return boundary;
    }

    /**
     * The next part, its headers read and checked, or null after the closing boundary. A part whose content was not
     * copied is skipped.
     */
    Part next() throws FormRejectedException, IOException {
        if (finished) {
            return null;
        }
        if (!started || contentPending) {
            long skipped = copyUntil(delimiter, null, Long.MAX_VALUE);
            if (skipped == NOT_FOUND) {
                throw started ? unterminated() : FormRejectedException.malformed("the body has no boundary line '--"
                        + boundary + "'; is the Content-Type's boundary the one the body uses?");
            }
            started = true;
            contentPending = false;
        }
        if (!fill(2)) {
            throw unterminated();
        }
        if (buffer[start] == '-' && buffer[start + 1] == '-') {
            finished = true; // what follows is the epilogue, which carries nothing
            current = null;
            return null;
        }
        for (int padding = 0; fill(1) && (buffer[start] == ' ' || buffer[start] == '\t'); padding++) {
            if (padding == MAX_PADDING) {
                throw FormRejectedException.malformed("a boundary line goes on after the boundary");
            }
            start++;
        }
        if (!fill(2)) {
            throw unterminated();
        }
        if (buffer[start] != '\r' || buffer[start + 1] != '\n') {
            throw FormRejectedException.malformed("a boundary line goes on after the boundary");
        }
        // the header block runs from the boundary line's CRLF to the blank line, so a part without headers is empty
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        long length = copyUntil(BLANK_LINE, block, MAX_HEADER_BYTES + 2L);
        if (length == NOT_FOUND) {
            throw FormRejectedException.malformed("the body ends inside a part's headers");
        }
        if (length == OVER_LIMIT) {
            throw FormRejectedException.malformed("a part's headers are longer than " + MAX_HEADER_BYTES + " bytes");
        }
        current = part(block.toString(StandardCharsets.UTF_8));
        contentPending = true;
        return current;
    }

    /**
     * Copies the content of the part {@link #next()} returned to {@code sink}.
     *
     * @throws FormRejectedException with 413 past {@code maxBytes}, 400 when the body ends before the part does
     */
    long copyContent(OutputStream sink, long maxBytes) throws FormRejectedException, IOException {
        if (current == null || !contentPending) {
            throw new IllegalStateException("no part to copy");
        }
        long copied = copyUntil(delimiter, sink, maxBytes);
        if (copied == OVER_LIMIT) {
            throw FormRejectedException.tooLarge("the part '" + current.name() + "' is larger than " + maxBytes
                    + " bytes");
        }
        if (copied == NOT_FOUND) {
            throw unterminated();
        }
        contentPending = false;
        return copied;
    }

    private FormRejectedException unterminated() {
        return FormRejectedException.malformed("the body ends before the form's closing boundary '--" + boundary
                + "--'; was the upload cut short?");
    }

    /** A part's header block ("\r\n" and a line per header), checked strictly. */
    private static Part part(String block) throws FormRejectedException {
        String disposition = null;
        String contentType = null;
        String[] lines = block.isEmpty() ? new String[0] : block.substring(2).split("\r\n", -1);
        if (lines.length > MAX_HEADERS) {
            throw FormRejectedException.malformed("a part has more than " + MAX_HEADERS + " headers");
        }
        for (String line : lines) {
            if (line.startsWith(" ") || line.startsWith("\t")) {
                throw FormRejectedException.malformed("a part's header is folded over several lines");
            }
            if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
                throw FormRejectedException.malformed("a part's header lines must end with CR LF");
            }
            int colon = line.indexOf(':');
            if (colon < 1) {
                throw FormRejectedException.malformed("a part has a header line without a name: '" + shortened(line)
                        + "'");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
            case "content-disposition" -> {
                if (disposition != null) {
                    throw FormRejectedException.malformed("a part has two Content-Disposition headers");
                }
                disposition = value;
            }
            case "content-type" -> {
                if (contentType != null) {
                    throw FormRejectedException.malformed("a part has two Content-Type headers");
                }
                contentType = value;
            }
            case "content-transfer-encoding" -> {
                // RFC 7578 deprecates it; an encoded part would be decoded as something else than was sent
                String encoding = value.toLowerCase(Locale.ROOT);
                if (!encoding.equals("binary") && !encoding.equals("8bit") && !encoding.equals("7bit")) {
                    throw FormRejectedException.malformed("a part's Content-Transfer-Encoding is '" + shortened(value)
                            + "'; send the file as it is (binary)");
                }
            }
            default -> {
                // other headers say nothing the endpoint uses
            }
            }
        }
        if (disposition == null) {
            throw FormRejectedException.malformed("a part has no Content-Disposition header");
        }
        int semicolon = disposition.indexOf(';');
        String type = (semicolon < 0 ? disposition : disposition.substring(0, semicolon)).trim();
        if (!type.equalsIgnoreCase("form-data")) {
            throw FormRejectedException.malformed("a part's Content-Disposition is '" + shortened(type)
                    + "', not form-data");
        }
        Map<String, String> parameters = parameters(disposition, "Content-Disposition");
        String name = parameters.get("name");
        if (name == null) {
            throw FormRejectedException.malformed("a part has no name in its Content-Disposition");
        }
        String filename = parameters.containsKey("filename") ? parameters.get("filename") : parameters.get("filename*");
        return new Part(name, filename, contentType);
    }

    /**
     * The parameters after a header value's first ';' ({@code name=token} or {@code name="quoted \" text"}), names
     * in lower case; a parameter named twice or text that is no parameter is refused.
     */
    static Map<String, String> parameters(String value, String header) throws FormRejectedException {
        Map<String, String> parameters = new LinkedHashMap<>();
        int at = value.indexOf(';');
        int length = value.length();
        while (at >= 0 && at < length) {
            at = skipSpace(value, at + 1);
            if (at == length) {
                break; // a trailing ';' names nothing
            }
            int nameStart = at;
            while (at < length && isTokenChar(value.charAt(at))) {
                at++;
            }
            String name = value.substring(nameStart, at).toLowerCase(Locale.ROOT);
            at = skipSpace(value, at);
            if (name.isEmpty() || at == length || value.charAt(at) != '=') {
                throw FormRejectedException.malformed("the " + header + " header's parameters cannot be read");
            }
            at = skipSpace(value, at + 1);
            StringBuilder text = new StringBuilder();
            if (at < length && value.charAt(at) == '"') {
                for (at++;; at++) {
                    if (at == length) {
                        throw FormRejectedException.malformed("the " + header + " header has a quote that is not "
                                + "closed");
                    }
                    char c = value.charAt(at);
                    if (c == '"') {
                        at++;
                        break;
                    }
                    if (c == '\\' && at + 1 < length) {
                        c = value.charAt(++at);
                    }
                    text.append(c);
                }
            } else {
                int valueStart = at;
                while (at < length && value.charAt(at) != ';' && !Character.isWhitespace(value.charAt(at))) {
                    at++;
                }
                if (at == valueStart) {
                    throw FormRejectedException.malformed("the " + header + " header's parameter '" + name
                            + "' has no value");
                }
                text.append(value, valueStart, at);
            }
            at = skipSpace(value, at);
            if (at < length && value.charAt(at) != ';') {
                throw FormRejectedException.malformed("the " + header + " header's parameters cannot be read");
            }
            if (parameters.put(name, text.toString()) != null) {
                throw FormRejectedException.malformed("the " + header + " header has the parameter '" + name
                        + "' twice");
            }
        }
        return parameters;
    }

    private static int skipSpace(String value, int at) {
        while (at < value.length() && (value.charAt(at) == ' ' || value.charAt(at) == '\t')) {
            at++;
        }
        return at;
    }

    /** RFC 9110's token characters. */
    private static boolean isTokenChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
    }

    private static String shortened(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }

    /**
     * Moves the bytes up to the next {@code pattern} to {@code sink} (null: dropped) and steps over the pattern.
     *
     * @return the bytes moved, {@link #NOT_FOUND} when the body ends first, {@link #OVER_LIMIT} past {@code maxBytes}
     */
    private long copyUntil(byte[] pattern, OutputStream sink, long maxBytes) throws FormRejectedException, IOException {
        long copied = 0;
        while (true) {
            boolean enough = fill(pattern.length);
            int found = indexOf(pattern);
            if (found < 0 && !enough) {
                return NOT_FOUND;
            }
            // without a match, the last pattern.length - 1 bytes may still begin one: keep them for the next round
            int safeEnd = found >= 0 ? found : end - pattern.length + 1;
            int chunk = safeEnd - start;
            if (copied + chunk > maxBytes) {
                return OVER_LIMIT;
            }
            if (sink != null) {
                sink.write(buffer, start, chunk);
            }
            copied += chunk;
            start = safeEnd;
            if (found >= 0) {
                start += pattern.length;
                return copied;
            }
        }
    }

    /** Makes {@code wanted} bytes available; false when the body ends first. */
    private boolean fill(int wanted) throws FormRejectedException, IOException {
        if (end - start >= wanted) {
            return true;
        }
        if (eof) {
            return false;
        }
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        while (end - start < wanted) {
            int n = in.read(buffer, end, buffer.length - end);
            if (n < 0) {
                eof = true;
                return false;
            }
            bytesRead += n;
            if (bytesRead > maxBodyBytes) {
                throw FormRejectedException.tooLarge("the form is larger than " + maxBodyBytes + " bytes");
            }
            end += n;
        }
        return true;
    }

    /**
     * The first match in the buffer. Plain search stays linear: a delimiter has one CR (boundaries cannot hold one),
     * so a candidate that starts at a CR fails at the latest at the next CR, and the header pattern is 4 bytes.
     */
    private int indexOf(byte[] pattern) {
        outer: for (int i = start; i <= end - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (buffer[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
