package io.modelfleet.jetty.errors.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;


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
        RawHttp.assertJsonError(request("GET /api/v1/" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n"), 414);
    }

    @Test
    void headersTooLarge() throws Exception {
        RawHttp.assertJsonError(request("GET /api/v1/edges HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20000) + "\r\n\r\n"),
                431);
    }

    @Test
    void nulInPath() throws Exception {
        RawHttp.assertJsonError(request("GET /api/v1/edges/%00 HTTP/1.1\r\nHost: x\r\n\r\n"), 400);
    }

    @Test
    void ambiguousPathParameter() throws Exception {
        RawHttp.assertJsonError(request("GET /api/v1/..;/edges HTTP/1.1\r\nHost: x\r\n\r\n"), 400);
    }

    @Test
    void nothingHandlesThePath() throws Exception {
        RawHttp.assertJsonError(request("GET /nowhere HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n\r\n"), 404);
    }

    @Test
    void reasonsAreEscaped() {
        assertEquals("{\"error\":\"bad_request\",\"detail\":\"a \\\"quoted\\\" \\\\ \\u0001\"}",
                JsonErrorHandler.body(400, "a \"quoted\" \\ \u0001"));
    }

    private static String request(String raw) throws Exception {
        return RawHttp.request(port, raw);
    }
}
