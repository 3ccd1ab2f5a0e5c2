package io.modelfleet.jetty.errors.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;

import javax.servlet.DispatcherType;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.UnavailableException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jetty laid out as pax-web lays it out (a context collection, servlet contexts with HTML error handlers of their own),
 * with the entrance inserted as etc/jetty.xml inserts it: errors from inside a context are JSON too.
 */
class ServerEntranceTest {
    private static Server server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrorHandler());
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        server.setHandler(contexts);
        server.insertHandler(new ServerEntrance());

        ServletContextHandler api = new ServletContextHandler(contexts, "/api");
        api.setErrorHandler(new ErrorPageErrorHandler()); // what pax-web gives each context: HTML
        api.addServlet(new ServletHolder(new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
                switch (request.getPathInfo()) {
                case "/conflict" -> response.sendError(409);
                case "/failing" -> throw new IllegalStateException("java.lang.IllegalStateException: internal");
                default -> response.setStatus(204);
                }
            }
        }), "/v1/*");
        api.addFilter(new FilterHolder(new Filter() {
            @Override
            public void init(FilterConfig config) {
            }

            @Override
            public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                    throws java.io.IOException, javax.servlet.ServletException {
                if (((HttpServletRequest) request).getRequestURI().endsWith("/assembling")) {
                    throw new UnavailableException("Filter x is unavailable");
                }
                chain.doFilter(request, response);
            }

            @Override
            public void destroy() {
            }
        }), "/*", EnumSet.of(DispatcherType.REQUEST));
        server.start();
        port = connector.getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void traceAndConnectAreRefusedWithJson() throws Exception {
        String trace = request("TRACE /api/v1/edges HTTP/1.1\r\nHost: x\r\n\r\n");
        assertJson(trace, 405);
        assertTrue(trace.toLowerCase().contains("x-content-type-options: nosniff"), trace);
        assertJson(request("CONNECT example.com:443 HTTP/1.1\r\nHost: x\r\n\r\n"), 405);
    }

    @Test
    void errorsInsideAContextAreJsonForEveryMethod() throws Exception {
        assertJson(request("GET /api/v1/conflict HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n\r\n"), 409);
        assertJson(request("PUT /api/v1/conflict HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"), 409);
    }

    @Test
    void aFailureTextNamingClassesIsNotShown() throws Exception {
        String response = request("DELETE /api/v1/failing HTTP/1.1\r\nHost: x\r\n\r\n");
        assertJson(response, 500);
        assertFalse(response.contains("java.lang"), response);
    }

    @Test
    void whatIsNotThereYetIsStarting() throws Exception {
        assertJson(request("GET /api/v1/assembling HTTP/1.1\r\nHost: x\r\n\r\n"), 503);
        String unmapped = request("GET /api/v2/anything HTTP/1.1\r\nHost: x\r\n\r\n");
        assertJson(unmapped, 503);
        assertTrue(unmapped.contains("Retry-After: 2"), unmapped);
        assertJson(request("GET /elsewhere HTTP/1.1\r\nHost: x\r\n\r\n"), 404);
    }

    private static String request(String raw) throws Exception {
        return RawHttp.request(port, raw.replace("HTTP/1.1\r\nHost: x\r\n", "HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"));
    }

    private static void assertJson(String response, int status) {
        RawHttp.assertJsonError(response, status);
    }
}
