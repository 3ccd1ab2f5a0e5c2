package io.modelfleet.jetty.errors.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Requests written byte for byte (clients would refuse to send most of them), and the check of a JSON error answer. */
final class RawHttp {
    private RawHttp() {
    }

    /**
     * Sends {@code raw} and reads until the server closes, or until it stays silent for two seconds (a CONNECT keeps
     * the connection open for a tunnel once answered).
     */
    static String request(int port, String raw) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput(); // nothing more comes: the server may close once it answered
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0;) {
                    response.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                // the answer is complete; the connection is not closed
            }
            return response.toString(StandardCharsets.UTF_8);
        }
    }

    /** The status, a JSON content type and the body {@code {"error": ..., "detail": ...}} without markup. */
    static void assertJsonError(String response, int status) {
        String head = response.substring(0, response.indexOf("\r\n\r\n"));
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertTrue(head.startsWith("HTTP/1.1 " + status + " "), response);
        assertTrue(head.toLowerCase().contains("content-type: application/json"), head);
        assertTrue(body.matches("\\{\"error\":\"[a-z_]+\",\"detail\":\"[^\"<>]+\"\\}"), body);
    }
}
