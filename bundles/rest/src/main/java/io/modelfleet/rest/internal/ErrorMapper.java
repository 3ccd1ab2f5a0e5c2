package io.modelfleet.rest.internal;

import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeoutException;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.ModelFleetException;
import io.modelfleet.api.TooManyRequestsException;
import io.modelfleet.api.rest.RestApplication;

/**
 * Every failure leaves as {@code {"error","detail"}}: service errors with their own status, JAX-RS errors (unknown
 * path, wrong method or media type) with theirs, and anything unexpected as a logged 500 that reveals nothing inside.
 */
@Component(service = ExceptionMapper.class)
@JaxrsExtension
@JaxrsName(ErrorMapper.NAME)
@JaxrsApplicationSelect(RestApplication.SELECT)
public final class ErrorMapper implements ExceptionMapper<Throwable> {
    static final String NAME = "modelfleet.errors";
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    @Override
    public Response toResponse(Throwable failure) {
        ModelFleetException known = Errors.findCause(failure);
        if (known != null) {
            Response.ResponseBuilder response = Response.status(known.httpStatus()).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new Errors.Body(known.error(), known.detail(),
                            known instanceof InvalidInputException invalid ? invalid.fields() : java.util.Map.of()));
            if (known instanceof TooManyRequestsException throttled) {
                response.header("Retry-After", throttled.retryAfterSeconds());
            } else if (known instanceof ServiceUnavailableException unavailable) {
                response.header("Retry-After", unavailable.retryAfterSeconds());
            } else if (known instanceof io.modelfleet.api.UnavailableException unavailable) {
                response.header("Retry-After", unavailable.retryAfterSeconds());
            }
            return response.build();
        }
        Response database = databaseUnavailable(failure);
        if (database != null) {
            return database;
        }
        Response cutShort = cutShort(failure);
        if (cutShort != null) {
            return cutShort;
        }
        JsonProcessingException json = findJson(failure);
        if (json != null) {
            return json(400, "invalid_input", Errors.describe(json)).build();
        }
        if (failure instanceof WebApplicationException web) {
            Response original = web.getResponse();
            int status = original.getStatus();
            if (status >= 500) {
                LOG.error("Request failed", failure);
                return json(status, "server_error", "the server failed to handle the request").build();
            }
            String reason = original.getStatusInfo().getReasonPhrase();
            return json(status, reason == null ? "error" : reason.toLowerCase().replace(' ', '_'),
                    web.getMessage() == null ? reason : web.getMessage()).build();
        }
        LOG.error("Unexpected failure", failure);
        return json(500, "server_error", "the server failed to handle the request; see the server log").build();
    }

    /**
     * No database connection to be had: every pooled connection is busy past the pool's wait (overload) or the
     * database is away. Both pass; a 503 with Retry-After says so, where a 500 would say the request was wrong.
     */
    private static Response databaseUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                LOG.warn("No database connection for a request: {}", t.getMessage());
                boolean busy = t instanceof SQLTransientConnectionException;
                return json(503, busy ? "busy" : "database_unavailable", busy
                        ? "every database connection is busy; try again shortly"
                        : "the database is not reachable; try again shortly").header("Retry-After", busy ? 1 : 5).build();
            }
        }
        return null;
    }

    /**
     * A request body that stopped arriving (the connection's idle timeout fired while reading) or ended early (the
     * client went away): the client's doing, so a 4xx and no error in the log.
     */
    private static Response cutShort(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException) {
                LOG.debug("Request body timed out", failure);
                return json(408, "request_timeout", "the request body stopped arriving; send it again").build();
            }
            // Jetty's EofException, not imported: the REST bundle does not depend on the servlet container
            if (t instanceof EOFException || t.getClass().getSimpleName().equals("EofException")) {
                LOG.debug("Request body ended early", failure);
                return json(400, "invalid_input", "the request body ended before it was complete").build();
            }
        }
        return null;
    }

    private static JsonProcessingException findJson(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonProcessingException json) {
                return json;
            }
        }
        return null;
    }

    static Response.ResponseBuilder json(int status, String error, String detail) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new Errors.Body(error, detail));
    }
}
