package io.modelfleet.rest.internal;

import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
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
import io.modelfleet.api.Page;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.rollout.GateResult;
import io.modelfleet.api.rollout.Rollout;
import io.modelfleet.api.rollout.RolloutEdge;
import io.modelfleet.api.rollout.RolloutRequest;
import io.modelfleet.api.rollout.RolloutService;
import io.modelfleet.api.rollout.RolloutState;
import io.modelfleet.api.security.Role;

/**
 * Staged rollouts of a model version or an agent release: create, follow wave by wave with their gates, pause,
 * resume, abort, roll back.
 */
@Component(service = RolloutResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/rollouts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class RolloutResource {
    private final RolloutService rollouts;

    @Activate
    public RolloutResource(@Reference RolloutService rollouts) {
        this.rollouts = rollouts;
    }

    @GET
    @RequiresRole(Role.VIEWER)
    public Page<Rollout> list(@QueryParam("state") String state, @QueryParam("limit") String limit,
            @QueryParam("offset") String offset) {
        Integer parsedLimit = Params.optInt("limit", limit);
        Long parsedOffset = Params.optLong("offset", offset);
        return rollouts.list(Params.optEnum("state", state, RolloutState.class), parsedLimit == null ? 50 : parsedLimit,
                parsedOffset == null ? 0 : parsedOffset);
    }

    @POST
    @RequiresRole(Role.MANAGER)
    public Response create(RolloutRequest request, @Context SecurityContext security) {
        if (request == null) {
            throw new InvalidInputException("the body must be {modelVersionId or agentReleaseId, edgeIds, tagKey, "
                    + "tagValue, target, plan, start}");
        }
        return Response.status(201).entity(rollouts.create(request, Params.caller(security).name())).build();
    }

    @GET
    @Path("{id}")
    @RequiresRole(Role.VIEWER)
    public Rollout get(@PathParam("id") String id) {
        return rollouts.get(Params.pathId("rollout", id));
    }

    @GET
    @Path("{id}/edges")
    @RequiresRole(Role.VIEWER)
    public List<RolloutEdge> edges(@PathParam("id") String id, @QueryParam("wave") String wave) {
        return rollouts.edges(Params.pathId("rollout", id), Params.optInt("wave", wave));
    }

    @GET
    @Path("{id}/gates")
    @RequiresRole(Role.VIEWER)
    public List<GateResult> gates(@PathParam("id") String id) {
        return rollouts.gates(Params.pathId("rollout", id));
    }

    @POST
    @Path("{id}/start")
    @RequiresRole(Role.MANAGER)
    public Rollout start(@PathParam("id") String id, @Context SecurityContext security) {
        return rollouts.start(Params.pathId("rollout", id), Params.caller(security).name());
    }

    @POST
    @Path("{id}/pause")
    @RequiresRole(Role.MANAGER)
    public Rollout pause(@PathParam("id") String id, @Context SecurityContext security) {
        return rollouts.pause(Params.pathId("rollout", id), Params.caller(security).name());
    }

    @POST
    @Path("{id}/resume")
    @RequiresRole(Role.MANAGER)
    public Rollout resume(@PathParam("id") String id, @Context SecurityContext security) {
        return rollouts.resume(Params.pathId("rollout", id), Params.caller(security).name());
    }

    @POST
    @Path("{id}/abort")
    @RequiresRole(Role.MANAGER)
    public Rollout abort(@PathParam("id") String id, @Context SecurityContext security) {
        return rollouts.abort(Params.pathId("rollout", id), Params.caller(security).name());
    }

    @POST
    @Path("{id}/rollback")
    @RequiresRole(Role.MANAGER)
    public Rollout rollback(@PathParam("id") String id, @Context SecurityContext security) {
        return rollouts.rollback(Params.pathId("rollout", id), Params.caller(security).name());
    }
}
