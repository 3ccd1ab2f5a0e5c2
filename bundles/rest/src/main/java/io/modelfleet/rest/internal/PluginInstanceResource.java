package io.modelfleet.rest.internal;

import java.net.URI;
import java.util.List;
import java.util.Map;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.plugin.PluginConfigurationService;
import io.modelfleet.api.plugin.PluginInstance;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.Role;

/**
 * Instances of factory-configured plugins, validated against their type's form ({@code /plugin-types}). Secrets are
 * write-only: answers say only whether each is set; on PUT a secret left out or null keeps its value and "" clears
 * it. Changing plugins changes what the server connects to with which credentials, so only administrators may.
 */
@Component(service = PluginInstanceResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/plugin-instances")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class PluginInstanceResource {
    static final String CREATE_BODY = "the body must name the plugin type and its settings, e.g. "
            + "{\"factoryPid\": \"io.modelfleet.plugin.source.s3\", \"values\": {\"id\": \"bucket1\", ...}}";
    static final String UPDATE_BODY = "the body must hold the settings, e.g. {\"values\": {\"region\": \"eu-west-1\"}}";

    private final PluginConfigurationService configurations;

    public record CreateRequest(String factoryPid, Map<String, Object> values) {
    }

    public record UpdateRequest(Map<String, Object> values) {
    }

    @Activate
    public PluginInstanceResource(@Reference PluginConfigurationService configurations) {
        this.configurations = configurations;
    }

    @GET
    @RequiresRole(Role.VIEWER)
    public List<PluginInstance> list(@QueryParam("factoryPid") String factoryPid) {
        return configurations.instances(factoryPid == null || factoryPid.isBlank() ? null : factoryPid.strip());
    }

    @GET
    @Path("{pid}")
    @RequiresRole(Role.VIEWER)
    public PluginInstance get(@PathParam("pid") String pid) {
        return configurations.get(pid);
    }

    @POST
    @RequiresRole(Role.ADMIN)
    public Response create(CreateRequest request, @Context SecurityContext security) {
        if (request == null || request.factoryPid() == null || request.factoryPid().isBlank()) {
            throw new InvalidInputException(CREATE_BODY, Map.of("factoryPid", "is required"));
        }
        PluginInstance created = configurations.create(request.factoryPid().strip(),
                request.values() == null ? Map.of() : request.values(), Params.caller(security).name());
        // PIDs are the factory PID, "~" and the instance id: URL-safe as they are
        URI location = URI.create(RestApplication.BASE + "/v1/plugin-instances/" + created.pid());
        return Response.created(location).entity(created).build();
    }

    @PUT
    @Path("{pid}")
    @RequiresRole(Role.ADMIN)
    public PluginInstance update(@PathParam("pid") String pid, UpdateRequest request,
            @Context SecurityContext security) {
        if (request == null || request.values() == null) {
            throw new InvalidInputException(UPDATE_BODY, Map.of("values", "is required"));
        }
        return configurations.update(pid, request.values(), Params.caller(security).name());
    }

    @DELETE
    @Path("{pid}")
    @RequiresRole(Role.ADMIN)
    public Response delete(@PathParam("pid") String pid, @Context SecurityContext security) {
        configurations.delete(pid, Params.caller(security).name());
        return Response.noContent().build();
    }
}
