package io.modelfleet.itests.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 written by hand over a socket, for what HTTP clients will not send (a NUL in a path, a 20 kB header, a body
 * that stops half-way) and for choosing the client's own address: any 127.x.y.z works on Linux loopback, so one test
 * can be several clients as far as the server can tell.
 */
public final class RawHttp {
    private RawHttp() {
    }

    public record Response(int status, List<String> headers, String body) {
        public String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(h -> h.substring(prefix.length()).trim()).findFirst().orElse(null);
        }
    }

    /** Sends the request text as it is (it must say Connection: close or send no body it does not end) and reads the answer. */
    public static Response exchange(String from, int port, String request, int readTimeoutMillis) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(from), 0)) {
            socket.setSoTimeout(readTimeoutMillis);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            // bytes as Latin-1 chars, so that chunk sizes (in bytes) count right; the body is decoded as UTF-8 after
            return parse(bytes.toString(StandardCharsets.ISO_8859_1));
        }
    }

    /** A complete request with a JSON body from the given client address. */
    public static Response json(String from, int port, String method, String path, String body, String... headers)
            throws IOException {
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            request.append("Content-Type: application/json\r\n");
        }
        request.append("Content-Length: ").append(content.length).append("\r\n\r\n").append(body == null ? "" : body);
        return exchange(from, port, request.toString(), 30_000);
    }

    static Response parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        String head = end < 0 ? raw : raw.substring(0, end);
        String body = end < 0 ? "" : raw.substring(end + 4);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
        boolean chunked = headers.stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).replace(" ", "")
                .equals("transfer-encoding:chunked"));
        String content = chunked ? dechunk(body) : body;
        return new Response(status, headers, new String(content.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int lineEnd = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }
}
