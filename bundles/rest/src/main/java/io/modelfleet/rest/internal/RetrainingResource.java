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
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.Role;
import io.modelfleet.api.stream.Retraining;
import io.modelfleet.api.stream.RetrainingService;

/**
 * Retrainings, the turns of streams' closed loops: list and follow them step by step, continue one that waits for
 * relabeling, stop one. Policies and starting one by hand are {@link StreamResource}'s.
 */
@Component(service = RetrainingResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/retrainings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class RetrainingResource {
    static final int DEFAULT_LIMIT = 50;

    private final RetrainingService retraining;

    @Activate
    public RetrainingResource(@Reference RetrainingService retraining) {
        this.retraining = retraining;
    }

    /** Newest first, without their steps. */
    @GET
    @RequiresRole(Role.VIEWER)
    public List<Retraining> list(@QueryParam("streamId") String streamId, @QueryParam("limit") String limit) {
        Integer max = Params.optInt("limit", limit);
        return retraining.list(Params.optId("streamId", streamId), max == null ? DEFAULT_LIMIT : max);
    }

    @GET
    @Path("{id}")
    @RequiresRole(Role.VIEWER)
    public Retraining get(@PathParam("id") String id) {
        return retraining.get(Params.pathId("retraining", id));
    }

    /** From AWAITING_LABELS: publish the dataset as relabeled and retrain. */
    @POST
    @Path("{id}/proceed")
    @RequiresRole(Role.MANAGER)
    public Retraining proceed(@PathParam("id") String id, @Context SecurityContext security) {
        return retraining.proceed(Params.pathId("retraining", id), Params.caller(security).name());
    }

    @POST
    @Path("{id}/stop")
    @RequiresRole(Role.MANAGER)
    public Retraining stop(@PathParam("id") String id, @Context SecurityContext security) {
        return retraining.stop(Params.pathId("retraining", id), Params.caller(security).name());
    }
}
