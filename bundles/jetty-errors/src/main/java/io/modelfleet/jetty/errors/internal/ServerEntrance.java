package io.modelfleet.jetty.errors.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.HandlerCollection;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * Wraps pax-web's handlers (inserted by etc/jetty.xml), so every request passes here before any servlet context:
 * <ul>
 * <li>TRACE and CONNECT are refused with the API's JSON body. pax-web refuses TRACE itself, but inside a context,
 * whose error handler writes no body for methods other than GET, POST and HEAD.</li>
 * <li>Every servlet context gets a {@link JsonErrorHandler} of its own. A context's error handler, not the server's,
 * answers what goes wrong inside it (a filter or servlet not there yet while the server starts, a failure no servlet
 * caught), and pax-web gives each context one that writes HTML. Contexts come and go at runtime (the JAX-RS whiteboard
 * rebuilds its context while starting), so the list is checked on each request: one reference comparison unless it
 * changed.</li>
 * </ul>
 */
public final class ServerEntrance extends HandlerWrapper {
    private volatile Handler[] checkedContexts;

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        String method = request.getMethod();
        if ("TRACE".equals(method) || "CONNECT".equals(method)) {
            baseRequest.setHandled(true);
            byte[] body = JsonErrorHandler.body(405, method + " is not supported").getBytes(StandardCharsets.UTF_8);
            response.setStatus(405);
            response.setHeader("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
            response.setContentType("application/json");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            return;
        }
        giveContextsJsonErrors();
        super.handle(target, baseRequest, request, response);
    }

    private void giveContextsJsonErrors() {
        if (!(getHandler() instanceof HandlerCollection contexts)) {
            return;
        }
        Handler[] current = contexts.getHandlers(); // replaced, never changed in place, when a context comes or goes
        if (current == checkedContexts) {
            return;
        }
        synchronized (this) {
            for (Handler handler : contexts.getChildHandlersByClass(ContextHandler.class)) {
                ContextHandler context = (ContextHandler) handler;
                if (!(context.getErrorHandler() instanceof JsonErrorHandler)) {
                    context.setErrorHandler(new JsonErrorHandler()); // one each: it is a bean with a lifecycle
                }
            }
            checkedContexts = current;
        }
    }
}
