package io.modelfleet.rest.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletOutputStream;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

import io.modelfleet.api.rest.RestApplication;

/**
 * In front of the JAX-RS runtime, in the servlet context the whiteboard creates for the application's base path, for
 * what the runtime answers before any JAX-RS filter or provider of ours could:
 * <ul>
 * <li>a charset other than UTF-8 in Content-Type: CXF fails on one it does not know (an HTML 500 from Jetty), and
 * API bodies are UTF-8 anyway, so 415;</li>
 * <li>a request the application never saw, because the runtime is still assembling it at start-up (CXF's plain-text
 * 404 "No service was found", or a 500 from an endpoint half built): 503 {@code starting} with Retry-After, which
 * clients already wait on. The access filter marks every request the application answered; an error without that mark
 * came from the runtime alone.</li>
 * </ul>
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterName("modelfleet-api-entrance")
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.path=" + RestApplication.BASE + ")")
public final class ApiEntranceFilter implements Filter {
    /** Request attribute set (through the JAX-RS request properties) once the application answers a request. */
    static final String ANSWERED = "modelfleet.answered";
    private static final String STARTING = "{\"error\":\"starting\",\"detail\":\"the server is starting; try again shortly\"}";
    private static final String NOT_UTF8 = "{\"error\":\"unsupported_media_type\",\"detail\":\"request bodies are "
            + "UTF-8; a charset parameter may only say utf-8\"}";

    @Override
    public void init(javax.servlet.FilterConfig config) {
        // nothing to set up
    }

    @Override
    public void destroy() {
        // nothing to release
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest httpRequest = (HttpServletRequest) request;
        HttpServletResponse httpResponse = (HttpServletResponse) response;
        String charset = charset(httpRequest.getHeader("Content-Type"));
        if (charset != null && !charset.equals("utf-8") && !charset.equals("utf8")) {
            answer(httpResponse, 415, NOT_UTF8);
            return;
        }
        RuntimeOnly guarded = new RuntimeOnly(httpRequest, httpResponse);
        try {
            chain.doFilter(request, guarded);
        } catch (IOException | ServletException | RuntimeException e) {
            if (request.getAttribute(ANSWERED) != null || response.isCommitted()) {
                throw e;
            }
            guarded.replace();
        }
    }

    /** The charset parameter of a Content-Type, lower case and unquoted; null when there is none. */
    static String charset(String contentType) {
        if (contentType == null) {
            return null;
        }
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            int equals = parts[i].indexOf('=');
            if (equals > 0 && parts[i].substring(0, equals).trim().equalsIgnoreCase("charset")) {
                String value = parts[i].substring(equals + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.trim().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static void answer(HttpServletResponse response, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        if (status == 503) {
            response.setHeader("Retry-After", "2");
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Passes everything through, but turns a 404 or 5xx the application did not answer into 503 starting. */
    private static final class RuntimeOnly extends HttpServletResponseWrapper {
        private final HttpServletRequest request;
        private boolean replaced;

        RuntimeOnly(HttpServletRequest request, HttpServletResponse response) {
            super(response);
            this.request = request;
        }

        private boolean runtimeOnly(int status) {
            return (status == 404 || status >= 500) && request.getAttribute(ANSWERED) == null;
        }

        void replace() throws IOException {
            if (!replaced) {
                replaced = true;
                HttpServletResponse response = (HttpServletResponse) getResponse();
                if (!response.isCommitted()) {
                    response.reset();
                    answer(response, 503, STARTING);
                }
            }
        }

        @Override
        public void setStatus(int status) {
            if (replaced) {
                return;
            }
            if (runtimeOnly(status)) {
                try {
                    replace();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return;
            }
            super.setStatus(status);
        }

        @Override
        @SuppressWarnings("deprecation")
        public void setStatus(int status, String message) {
            setStatus(status);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            if (replaced || runtimeOnly(status)) {
                replace();
                return;
            }
            super.sendError(status, message);
        }

        @Override
        public void sendError(int status) throws IOException {
            sendError(status, null);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            return replaced ? DISCARD : super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            return replaced ? new PrintWriter(OutputStream.nullOutputStream()) : super.getWriter();
        }

        @Override
        public void setContentType(String type) {
            if (!replaced) {
                super.setContentType(type);
            }
        }

        @Override
        public void setContentLength(int length) {
            if (!replaced) {
                super.setContentLength(length);
            }
        }

        @Override
        public void setContentLengthLong(long length) {
            if (!replaced) {
                super.setContentLengthLong(length);
            }
        }

        @Override
        public void setHeader(String name, String value) {
            if (!replaced) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!replaced) {
                super.addHeader(name, value);
            }
        }

        @Override
        public void setCharacterEncoding(String charset) {
            if (!replaced) {
                super.setCharacterEncoding(charset);
            }
        }
    }

    private static final ServletOutputStream DISCARD = new ServletOutputStream() {
        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            // writes complete at once: there is nothing to wait for
        }

        @Override
        public void write(int b) {
            // the replaced answer is already written
        }

        @Override
        public void write(byte[] b, int off, int len) {
            // the replaced answer is already written
        }
    };
}
