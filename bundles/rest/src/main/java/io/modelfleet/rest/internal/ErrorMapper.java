package io.modelfleet.rest.internal;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
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
@JaxrsApplicationSelect(RestApplication.SELECT)
public final class ErrorMapper implements ExceptionMapper<Throwable> {
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
            }
            return response.build();
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
