package io.modelfleet.rest.internal;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.PayloadTooLargeException;
import io.modelfleet.api.plugin.PluginCatalogService;
import io.modelfleet.api.plugin.PluginOperation;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.Role;

/**
 * Installs, updates and removes plugins at runtime: each request starts an operation (202 Accepted) whose progress
 * is read at its location. A plugin runs code inside the server, so only administrators may.
 */
@Component(service = PluginOperationResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/plugin-operations")
@Produces(MediaType.APPLICATION_JSON)
public final class PluginOperationResource {
    static final String KAR = "application/vnd.karaf.kar";
    static final String BODY = "the body must say what to do, e.g. {\"action\": \"INSTALL\", \"plugin\": \"source-ftp\", "
            + "\"version\": \"1.0.0\"} (action INSTALL, UPDATE or UNINSTALL; version optional: the newest compatible)";
    /** The largest KAR a request may declare; the update center's own (configurable) limit is checked as bytes arrive. */
    static final long MAX_DECLARED_KAR_BYTES = 1024L * 1024 * 1024;

    private final PluginCatalogService updateCenter;

    public record OperationRequest(PluginOperation.Action action, String plugin, String version) {
    }

    @Activate
    public PluginOperationResource(@Reference PluginCatalogService updateCenter) {
        this.updateCenter = updateCenter;
    }

    @GET
    @RequiresRole(Role.VIEWER)
    public List<PluginOperation> list() {
        return updateCenter.operations();
    }

    @GET
    @Path("{id}")
    @RequiresRole(Role.VIEWER)
    public PluginOperation get(@PathParam("id") String id) {
        return updateCenter.operation(id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresRole(Role.ADMIN)
    public Response start(OperationRequest request, @Context SecurityContext security) {
        if (request == null || request.action() == null) {
            throw new InvalidInputException(BODY, Map.of("action", "is required"));
        }
        if (request.plugin() == null || request.plugin().isBlank()) {
            throw new InvalidInputException(BODY, Map.of("plugin", "is required"));
        }
        String actor = Params.caller(security).name();
        String plugin = request.plugin().strip();
        PluginOperation operation = request.action() == PluginOperation.Action.UNINSTALL
                ? updateCenter.uninstall(plugin, actor)
                : updateCenter.install(plugin, request.version(), actor);
        return accepted(operation);
    }

    /** An uploaded KAR, installed (or, when its feature is installed in another version, updated to). */
    @POST
    @Consumes({ KAR, "application/zip", MediaType.APPLICATION_OCTET_STREAM })
    @RequiresRole(Role.ADMIN)
    public Response upload(@QueryParam("fileName") String fileName,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength, InputStream body,
            @Context SecurityContext security) {
        Long declared;
        try {
            declared = Params.optLong("Content-Length", contentLength);
        } catch (InvalidInputException e) {
            declared = null;
        }
        if (declared != null && declared > MAX_DECLARED_KAR_BYTES) {
            throw new PayloadTooLargeException("the KAR is " + declared + " bytes; the limit is " + MAX_DECLARED_KAR_BYTES);
        }
        String name = fileName == null || fileName.isBlank() ? null : Params.clip(fileName.strip());
        return accepted(updateCenter.installKar(name, body, Params.caller(security).name()));
    }

    private static Response accepted(PluginOperation operation) {
        return Response.accepted(operation)
                .location(URI.create(RestApplication.BASE + "/v1/plugin-operations/" + operation.id())).build();
    }
}
