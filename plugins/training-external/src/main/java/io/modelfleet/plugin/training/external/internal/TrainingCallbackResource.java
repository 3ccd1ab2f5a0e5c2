package io.modelfleet.plugin.training.external.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.ws.rs.Consumes;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.PayloadTooLargeException;
import io.modelfleet.api.rest.PublicEndpoint;
import io.modelfleet.api.rest.RestApplication;

/**
 * Where external training services report a job's state. No session: each request is authenticated by its HMAC
 * signature with the backend's shared secret (see {@link ExternalTrainingBackend#callback}).
 */
@Component(service = TrainingCallbackResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/training-callbacks")
@Produces(MediaType.APPLICATION_JSON)
public final class TrainingCallbackResource {
    private final Map<String, ExternalTrainingBackend> backends = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addBackend(ExternalTrainingBackend backend) {
        backends.put(backend.descriptor().id(), backend);
    }

    void removeBackend(ExternalTrainingBackend backend) {
        backends.remove(backend.descriptor().id(), backend);
    }

    @POST
    @Path("{backendId}")
    @Consumes(MediaType.WILDCARD)
    @PublicEndpoint
    public void callback(@PathParam("backendId") String backendId,
            @HeaderParam(ExternalTrainingBackend.TIMESTAMP_HEADER) String timestamp,
            @HeaderParam(ExternalTrainingBackend.SIGNATURE_HEADER) String signature, InputStream body) throws IOException {
        ExternalTrainingBackend backend = backends.get(backendId);
        if (backend == null || !backend.acceptsCallbacks()) {
            throw new NotFoundException("no external training backend '"
                    + (backendId.length() > 64 ? backendId.substring(0, 64) : backendId) + "' takes callbacks");
        }
        byte[] bytes = body.readNBytes(ExternalTrainingBackend.MAX_CALLBACK_BYTES + 1);
        if (bytes.length > ExternalTrainingBackend.MAX_CALLBACK_BYTES) {
            throw new PayloadTooLargeException("a callback is at most " + ExternalTrainingBackend.MAX_CALLBACK_BYTES + " bytes");
        }
        // void: 204 No Content
        backend.callback(timestamp, signature, bytes);
    }
}
