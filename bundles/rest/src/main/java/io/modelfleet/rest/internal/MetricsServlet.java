package io.modelfleet.rest.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.modelfleet.api.ModelFleetException;
import io.modelfleet.api.metrics.Metrics;
import io.modelfleet.api.security.Role;
import io.modelfleet.api.security.UserService;

/**
 * Prometheus scrape endpoint. Not public: Prometheus sends either a configured scrape token or an operator session as
 * a bearer credential.
 */
@Component(service = Servlet.class, configurationPid = MetricsServlet.PID)
@HttpWhiteboardServletName("modelfleet-metrics")
@HttpWhiteboardServletPattern("/metrics")
@Designate(ocd = MetricsServlet.Config.class)
public final class MetricsServlet extends HttpServlet {
    static final String PID = "io.modelfleet.metrics";
    private static final long serialVersionUID = 1L;

    @ObjectClassDefinition(name = "ModelFleet metrics")
    public @interface Config {
        @AttributeDefinition(type = AttributeType.PASSWORD,
                description = "Bearer token Prometheus may use instead of an operator session; empty disables it")
        String _scrapeToken() default ""; // ".scrapeToken": private, never a service property
    }

    private final transient Metrics metrics;
    private final transient UserService users;
    private final byte[] scrapeToken;

    @Activate
    public MetricsServlet(@Reference Metrics metrics, @Reference UserService users, Config config) {
        this.metrics = metrics;
        this.users = users;
        this.scrapeToken = config._scrapeToken().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            error(response, 401, "unauthenticated", "missing credential: send 'Authorization: Bearer <token>'");
            return;
        }
        String token = header.substring(7).trim();
        if (!(scrapeToken.length > 0 && MessageDigest.isEqual(scrapeToken, token.getBytes(StandardCharsets.UTF_8)))) {
            try {
                if (token.startsWith(AccessFilter.EDGE_PREFIX)) {
                    error(response, 403, "forbidden", "edge credentials cannot read metrics");
                    return;
                }
                if (!users.authenticate(token).role().includes(Role.VIEWER)) {
                    error(response, 403, "forbidden", "reading metrics needs the VIEWER role");
                    return;
                }
            } catch (ModelFleetException e) {
                error(response, e.httpStatus(), e.error(), e.detail());
                return;
            }
        }
        response.setContentType("text/plain; version=0.0.4; charset=utf-8");
        response.getOutputStream().write(metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }

    private static void error(HttpServletResponse response, int status, String error, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(Json.MAPPER.writeValueAsBytes(new Errors.Body(error, detail)));
    }
}
