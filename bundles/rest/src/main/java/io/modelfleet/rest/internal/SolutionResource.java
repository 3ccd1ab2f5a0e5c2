package io.modelfleet.rest.internal;

import static io.modelfleet.rest.internal.StreamJson.tree;

import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import com.fasterxml.jackson.databind.JsonNode;

import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.plugin.PluginRegistry;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.Role;
import io.modelfleet.api.spi.solution.SolutionType;
import io.modelfleet.api.stream.StreamService;

/** The installed solutions, with the parameter schema the console renders its form from, and a parameter check. */
@Component(service = SolutionResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/solutions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class SolutionResource {
    private final StreamService streams;
    private final PluginRegistry plugins;

    @Activate
    public SolutionResource(@Reference StreamService streams, @Reference PluginRegistry plugins) {
        this.streams = streams;
        this.plugins = plugins;
    }

    /** A solution as the console needs it to render the parameter form. */
    public record Solution(String id, String displayName, String version, String description, String datasetKind,
            JsonNode parameterSchema, List<String> metrics, String modelFormat) {
    }

    public record ParameterCheck(String solutionId, JsonNode parameters) {
    }

    @GET
    @RequiresRole(Role.VIEWER)
    public List<Solution> solutions() {
        return plugins.plugins(io.modelfleet.api.plugin.PluginKind.SOLUTION_TYPE).stream()
                .map(info -> plugins.solutionType(info.id()).orElse(null)).filter(java.util.Objects::nonNull)
                .map(SolutionResource::solution).toList();
    }

    @GET
    @Path("{id}")
    @RequiresRole(Role.VIEWER)
    public Solution solution(@PathParam("id") String id) {
        return plugins.solutionType(id).map(SolutionResource::solution)
                .orElseThrow(() -> new NotFoundException("no solution '" + Params.clip(id) + "' is installed"));
    }

    private static Solution solution(SolutionType type) {
        return new Solution(type.descriptor().id(), type.descriptor().displayName(), type.descriptor().version(),
                type.descriptor().description(), type.datasetKind().name(), tree(type.parameterSchema()),
                type.metrics(), type.modelFormat());
    }

    /** Checks parameters against a solution's schema without saving anything; answers them with defaults. */
    @POST
    @Path("{id}/parameters")
    @RequiresRole(Role.VIEWER)
    public JsonNode checkParameters(@PathParam("id") String id, JsonNode parameters) {
        return tree(streams.validateParameters(id, parameters == null ? "{}" : parameters.toString()));
    }
}
