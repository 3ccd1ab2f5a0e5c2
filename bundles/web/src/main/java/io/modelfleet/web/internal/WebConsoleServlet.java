package io.modelfleet.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.util.Locale;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Serves the single-page web console from this bundle. Hashed build assets are cached for a year; every other path
 * that is not a file gets index.html (never cached) so client-side routes survive a reload or a bookmark. The API
 * lives in its own servlet context under /api and /metrics has its own servlet, so neither reaches this one once
 * they are there; until then (during start-up, or while the API is rebuilt) requests for them do arrive here, and get
 * a JSON 503 with Retry-After rather than index.html, which clients would take for a 200 from the API.
 */
// "/*" like the JAX-RS whiteboard's own default-application servlet in this context, ranked above it so the console
// wins; exact patterns such as /metrics still take precedence over any prefix pattern
@Component(service = Servlet.class, property = "service.ranking:Integer=100")
@HttpWhiteboardServletName("modelfleet-web-console")
@HttpWhiteboardServletPattern("/*")
public final class WebConsoleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String ROOT = "/io/modelfleet/web/static";
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js",
            "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "png",
            "image/png", "ico", "image/x-icon", "json", "application/json", "woff2", "font/woff2", "map",
            "application/json");

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws javax.servlet.ServletException, IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        if (path.equals("/api") || path.startsWith("/api/") || path.equals("/metrics")) {
            response.setStatus(503);
            response.setHeader("Retry-After", "5");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setContentType("application/json");
            response.getOutputStream().write("{\"error\":\"starting\",\"detail\":\"the API is not available yet; try again shortly\"}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        super.service(request, response);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        Resolved resolved = resolve(path);
        if (resolved == null) {
            response.setStatus(404);
            response.setContentType("application/json");
            response.getOutputStream().write(("{\"error\":\"not_found\",\"detail\":\"no such file: "
                    + path.replaceAll("[^A-Za-z0-9/._-]", "") + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        response.setContentType(contentType(resolved.name()));
        response.setHeader("Cache-Control", resolved.immutable() ? "public, max-age=31536000, immutable" : "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        if (resolved.name().endsWith(".html")) {
            // no inline or foreign script; images from the API arrive as blob: URLs (fetched with the session)
            response.setHeader("Content-Security-Policy", "default-src 'self'; script-src 'self'; object-src 'none'; "
                    + "base-uri 'none'; form-action 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
                    + "frame-ancestors 'none'");
        }
        try (InputStream in = resolved.url().openStream(); OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }

    record Resolved(URL url, String name, boolean immutable) {
    }

    /** Maps a request path to a bundled file, falling back to index.html for client-side routes. */
    static Resolved resolve(String path) {
        if (path.contains("..") || path.contains("\\")) {
            return null;
        }
        if (path.startsWith("/assets/")) {
            URL asset = WebConsoleServlet.class.getResource(ROOT + path);
            return asset == null ? null : new Resolved(asset, path, true);
        }
        if (!path.equals("/") && path.lastIndexOf('.') > path.lastIndexOf('/')) {
            URL file = WebConsoleServlet.class.getResource(ROOT + path);
            return file == null ? null : new Resolved(file, path, false);
        }
        URL index = WebConsoleServlet.class.getResource(ROOT + "/index.html");
        return index == null ? null : new Resolved(index, "/index.html", false);
    }

    static String contentType(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }
}
