package io.modelfleet.rest.internal;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
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
import io.modelfleet.api.agent.AgentReleaseService;
import io.modelfleet.api.deployment.AgentSettings;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.Role;

/**
 * The agent settings of the whole fleet (heartbeat and poll intervals, the health window of a new agent release),
 * pushed with every edge's desired state; an edge's own settings ({@code /edges/{id}/agent-settings}) win field by
 * field. A field left null leaves the agent's local configuration in force.
 */
@Component(service = AgentSettingsResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/agent-settings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class AgentSettingsResource {
    static final String BODY = "the body must be agent settings, e.g. {\"heartbeatSeconds\": 15, \"pollSeconds\": 10, "
            + "\"updateHealthSeconds\": 120}";

    private final AgentReleaseService releases;

    @Activate
    public AgentSettingsResource(@Reference AgentReleaseService releases) {
        this.releases = releases;
    }

    @GET
    @RequiresRole(Role.VIEWER)
    public AgentSettings get() {
        return releases.fleetSettings();
    }

    /** Replaces the fleet's settings; {@code {}} clears them, like DELETE. */
    @PUT
    @RequiresRole(Role.MANAGER)
    public AgentSettings set(AgentSettings settings, @Context SecurityContext security) {
        if (settings == null) {
            throw new InvalidInputException(BODY);
        }
        releases.setFleetSettings(settings, Params.caller(security).name());
        return releases.fleetSettings();
    }

    @DELETE
    @RequiresRole(Role.MANAGER)
    public Response clear(@Context SecurityContext security) {
        releases.setFleetSettings(null, Params.caller(security).name());
        return Response.noContent().build();
    }
}
