package io.modelfleet.rest.internal;

import java.io.ByteArrayInputStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import com.fasterxml.jackson.databind.JsonNode;

import io.modelfleet.api.security.Caller;
import io.modelfleet.api.security.Role;

/**
 * Resource methods called as the application would: a JSON body read by {@link JsonProvider}, the answer (or the
 * failure, through {@link ErrorMapper}) written as JSON by {@link Json#MAPPER}.
 */
final class RestCalls {
    static final SecurityContext ALICE = new CallerSecurityContext(Caller.user("alice", Role.MANAGER), null, false);

    /** What a client would see: the status, the Location header and the JSON body (null when there is none). */
    record Answer(int status, String location, JsonNode json) {
        String error() {
            return json.path("error").asText();
        }

        String detail() {
            return json.path("detail").asText();
        }
    }

    interface Call {
        Object call() throws Exception;
    }

    private RestCalls() {
    }

    static Answer answer(Call call) throws Exception {
        Object result;
        try {
            result = call.call();
        } catch (Exception e) {
            result = new ErrorMapper().toResponse(e);
        }
        if (result instanceof Response response) {
            Object location = response.getHeaders().getFirst("Location");
            return new Answer(response.getStatus(), location == null ? null : location.toString(),
                    response.getEntity() == null ? null : Json.MAPPER.valueToTree(response.getEntity()));
        }
        return new Answer(200, null, Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(result)));
    }

    /** The JSON body as the application reads it. */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    static <T> T body(Class<T> type, String json) throws Exception {
        return (T) new JsonProvider().readFrom((Class) type, type, new Annotation[0], MediaType.APPLICATION_JSON_TYPE,
                null, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
