package io.modelfleet.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.PayloadTooLargeException;

/**
 * A streaming multipart/form-data reader (RFC 7578): parts are copied straight to where they go, so a 500 MB model
 * upload never sits in memory. Every limit is explicit: header line length, headers per part, and the bytes a part
 * may hold (the caller's).
 */
final class MultipartReader {
    static final int MAX_HEADER_LINE = 8 * 1024;
    static final int MAX_HEADERS = 16;
    private static final Pattern BOUNDARY = Pattern.compile("boundary=(?:\"([^\"]{1,70})\"|([^;\\s]{1,70}))",
            Pattern.CASE_INSENSITIVE);
    /** One Content-Disposition parameter; matched one after the other, so a quoted value is never searched inside. */
    private static final Pattern PARAMETER = Pattern.compile(";\\s*([A-Za-z0-9*-]+)\\s*=\\s*(?:\"([^\"]*)\"|([^;\\s]*))");

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;
    private boolean eof;
    private boolean finished;

    /** One part's name and, for a file, its file name. */
    record Part(String name, String filename) {
    }

    MultipartReader(InputStream in, String contentType) throws IOException {
        this.in = in;
        Matcher m = contentType == null ? null : BOUNDARY.matcher(contentType);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")
                || !m.find()) {
            throw new InvalidInputException("expected a multipart/form-data body with a boundary");
        }
        String boundary = m.group(1) != null ? m.group(1) : m.group(2);
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        // the first boundary has no CRLF before it; skip any preamble up to it
        String dashBoundary = "--" + boundary;
        for (int lines = 0;; lines++) {
            String line = readLine();
            if (line == null) {
                throw new InvalidInputException("the multipart body has no part");
            }
            if (line.equals(dashBoundary)) {
                break;
            }
            if (lines > MAX_HEADERS) {
                throw new InvalidInputException("the multipart body does not start with its boundary");
            }
        }
    }

    /** The next part's headers, or null after the closing boundary. */
    Part next() throws IOException {
        if (finished) {
            return null;
        }
        String name = null;
        String filename = null;
        for (int count = 0;; count++) {
            String line = readLine();
            if (line == null) {
                throw new InvalidInputException("the multipart body ends inside a part's headers");
            }
            if (line.isEmpty()) {
                break;
            }
            if (count >= MAX_HEADERS) {
                throw new InvalidInputException("a multipart part has more than " + MAX_HEADERS + " headers");
            }
            if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                name = null;
                filename = null;
                for (Matcher p = PARAMETER.matcher(line); p.find();) {
                    String value = p.group(2) != null ? p.group(2) : p.group(3);
                    switch (p.group(1).toLowerCase(Locale.ROOT)) {
                        case "name" -> name = value;
                        case "filename" -> filename = value;
                        default -> {
                            // other parameters (filename*) are not used
                        }
                    }
                }
            }
        }
        if (name == null) {
            throw new InvalidInputException("a multipart part has no Content-Disposition name");
        }
        return new Part(name, filename);
    }

    /**
     * Copies the current part's body to {@code out}.
     *
     * @throws PayloadTooLargeException past {@code limit} bytes, naming the part
     */
    long copyPart(String partName, OutputStream out, long limit) throws IOException {
        long copied = 0;
        while (true) {
            fill(delimiter.length + 2);
            int found = indexOf(delimiter);
            int safeEnd = found >= 0 ? found : Math.max(start, end - delimiter.length - 1);
            int chunk = safeEnd - start;
            if (copied + chunk > limit) {
                throw new PayloadTooLargeException("the part '" + partName + "' is larger than the limit of " + limit
                        + " bytes");
            }
            out.write(buffer, start, chunk);
            copied += chunk;
            start = safeEnd;
            if (found >= 0) {
                start += delimiter.length;
                fill(2);
                if (end - start >= 2 && buffer[start] == '-' && buffer[start + 1] == '-') {
                    finished = true;
                } else if (end - start < 2 || buffer[start] != '\r' || buffer[start + 1] != '\n') {
                    throw new InvalidInputException("malformed multipart boundary");
                }
                start += 2;
                return copied;
            }
            if (eof && end - start <= delimiter.length + 1) {
                throw new InvalidInputException("the multipart body ends without its closing boundary (truncated upload?)");
            }
        }
    }

    /** A text field, at most {@code limit} bytes of UTF-8. */
    String readText(String partName, int limit) throws IOException {
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        copyPart(partName, text, limit);
        return text.toString(StandardCharsets.UTF_8);
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            fill(1);
            if (start >= end) {
                return line.length() == 0 ? null : line.toString();
            }
            byte b = buffer[start++];
            if (b == '\n') {
                int length = line.length();
                return length > 0 && line.charAt(length - 1) == '\r' ? line.substring(0, length - 1) : line.toString();
            }
            if (line.length() >= MAX_HEADER_LINE) {
                throw new InvalidInputException("a multipart header line is longer than " + MAX_HEADER_LINE + " bytes");
            }
            line.append((char) (b & 0xff));
        }
    }

    /** Makes at least {@code wanted} bytes available unless the stream ends first. */
    private void fill(int wanted) throws IOException {
        if (end - start >= wanted || eof) {
            return;
        }
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        while (end - start < wanted && !eof) {
            int n = in.read(buffer, end, buffer.length - end);
            if (n < 0) {
                eof = true;
            } else {
                end += n;
            }
        }
    }

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
