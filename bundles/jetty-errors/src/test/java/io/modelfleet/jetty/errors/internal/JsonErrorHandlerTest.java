package io.modelfleet.jetty.errors.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real Jetty, as pax-web runs it, with the handler set on the server: raw requests Jetty refuses itself. */
class JsonErrorHandlerTest {
    private static Server server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrorHandler());
        server.start();
        port = connector.getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void uriTooLong() throws Exception {
        assertJsonError(request("GET /api/v1/" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n"), 414);
    }

    @Test
    void headersTooLarge() throws Exception {
        assertJsonError(request("GET /api/v1/edges HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20000) + "\r\n\r\n"),
                431);
    }

    @Test
    void nulInPath() throws Exception {
        assertJsonError(request("GET /api/v1/edges/%00 HTTP/1.1\r\nHost: x\r\n\r\n"), 400);
    }

    @Test
    void ambiguousPathParameter() throws Exception {
        assertJsonError(request("GET /api/v1/..;/edges HTTP/1.1\r\nHost: x\r\n\r\n"), 400);
    }

    @Test
    void nothingHandlesThePath() throws Exception {
        assertJsonError(request("GET /nowhere HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n\r\n"), 404);
    }

    @Test
    void reasonsAreEscaped() {
        assertEquals("{\"error\":\"bad_request\",\"detail\":\"a \\\"quoted\\\" \\\\ \\u0001\"}",
                JsonErrorHandler.body(400, "a \"quoted\" \\ \u0001"));
    }

    private static void assertJsonError(String response, int status) {
        String head = response.substring(0, response.indexOf("\r\n\r\n"));
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertTrue(head.startsWith("HTTP/1.1 " + status + " "), head);
        assertTrue(head.toLowerCase().contains("content-type: application/json"), head);
        assertTrue(body.matches("\\{\"error\":\"[a-z_]+\",\"detail\":\"[^\"<>]+\"\\}"), body);
    }

    private static String request(String raw) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            return response.toString(StandardCharsets.UTF_8);
        }
    }
}
