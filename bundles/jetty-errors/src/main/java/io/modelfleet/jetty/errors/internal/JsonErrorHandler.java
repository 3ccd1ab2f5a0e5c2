package io.modelfleet.jetty.errors.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.servlet.RequestDispatcher;
import javax.servlet.UnavailableException;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's server-level error handler, set in etc/jetty.xml: requests Jetty refuses before any servlet sees them (a
 * URI over the limit, headers too large, {@code %00} or {@code ..;} in a path) and requests no context takes get the
 * API's {@code {"error","detail"}} body instead of Jetty's HTML page. The detail is Jetty's reason phrase, which
 * names no class.
 */
public final class JsonErrorHandler extends ErrorHandler {
    private static final String API = "/api/";
    private static final Pattern INTERNAL = Pattern.compile("Exception|Error:|java\\.|javax\\.|org\\.|\\bat ");

    public JsonErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
    }

    /** Jetty writes error bodies only for GET, POST and HEAD; a refused TRACE or PUT gets the JSON body too. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    /** Refused while parsing: there is no request, only a status, a reason and the response headers. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        fields.put("X-Content-Type-Options", "nosniff");
        return ByteBuffer.wrap(body(status, reason).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
            HttpServletResponse response, int code, String message) throws IOException {
        baseRequest.setHandled(true);
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof UnavailableException
                || apiNotServedYet(request, code)) {
            // a filter or servlet is not (yet) there: the server is starting or a bundle is updating
            code = 503;
            message = "the server is starting; try again shortly";
            response.setStatus(code);
            response.setHeader("Retry-After", "2");
        } else if (message != null && INTERNAL.matcher(message).find()) {
            message = null; // a failure's own text names classes; the status phrase says enough
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("X-Content-Type-Options", "nosniff");
        byte[] body = body(code, message).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /**
     * A 404 for the API that no servlet of the API answered: no context for it yet, or only the 404 servlet in it (pax-web
     * names it "default", plain Jetty Default404Servlet). The API itself answers its 404s (unknown paths and ids) as JSON without coming here.
     */
    private static boolean apiNotServedYet(HttpServletRequest request, int code) {
        Object servlet = request.getAttribute(RequestDispatcher.ERROR_SERVLET_NAME);
        String uri = request.getRequestURI();
        return code == 404 && uri != null && uri.startsWith(API) && (servlet == null || "default".equals(servlet)
                || servlet.toString().contains("Default404Servlet"));
    }

    static String body(int status, String reason) {
        String phrase = HttpStatus.getMessage(status);
        String error = phrase == null ? "error" : phrase.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        String detail = reason == null || reason.isBlank() ? phrase : reason;
        return "{\"error\":\"" + escape(error) + "\",\"detail\":\"" + escape(detail) + "\"}";
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
