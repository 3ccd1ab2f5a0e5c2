package io.modelfleet.rest.internal;

import static io.modelfleet.rest.internal.StreamJson.tree;

import java.util.List;
import java.util.Map;

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

import com.fasterxml.jackson.databind.JsonNode;

import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.Role;
import io.modelfleet.api.stream.HeldOutRow;
import io.modelfleet.api.stream.RunState;
import io.modelfleet.api.stream.StreamService;
import io.modelfleet.api.stream.TrainingRun;

/** Training runs: follow them with their logs, report and held-out predictions, cancel one. */
@Component(service = TrainingRunResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/training-runs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class TrainingRunResource {
    static final int DEFAULT_HELD_OUT = 1000;

    private final StreamService streams;

    @Activate
    public TrainingRunResource(@Reference StreamService streams) {
        this.streams = streams;
    }

    /** A run with its parameters as a JSON object. */
    public record RunView(long id, long streamId, String streamName, int number, String trigger, String state,
            String backendId, String handle, double progress, String message, long datasetVersionId,
            String solutionVersion, JsonNode parameters, long seed, Long modelVersionId, String modelVersion,
            Map<String, Double> metrics, boolean cancelRequested, java.time.Instant createdAt, String createdBy,
            java.time.Instant startedAt, java.time.Instant finishedAt) {
        static RunView of(TrainingRun r) {
            return new RunView(r.id(), r.streamId(), r.streamName(), r.number(), r.trigger().name(), r.state().name(),
                    r.backendId(), r.handle(), r.progress(), r.message(), r.datasetVersionId(), r.solutionVersion(),
                    tree(r.parametersJson()), r.seed(), r.modelVersionId(), r.modelVersion(), r.metrics(),
                    r.cancelRequested(), r.createdAt(), r.createdBy(), r.startedAt(), r.finishedAt());
        }
    }

    @GET
    @RequiresRole(Role.VIEWER)
    public List<RunView> runs(@QueryParam("streamId") String streamId, @QueryParam("state") String state,
            @QueryParam("limit") String limit) {
        return streams.runs(Params.optId("streamId", streamId), Params.optEnum("state", state, RunState.class),
                StreamJson.runLimit(limit)).stream().map(RunView::of).toList();
    }

    @GET
    @Path("{id}")
    @RequiresRole(Role.VIEWER)
    public RunView run(@PathParam("id") String id) {
        return RunView.of(streams.run(Params.pathId("training run", id)));
    }

    @POST
    @Path("{id}/cancel")
    @RequiresRole(Role.MANAGER)
    public RunView cancel(@PathParam("id") String id, @Context SecurityContext security) {
        return RunView.of(streams.cancel(Params.pathId("training run", id), Params.caller(security).name()));
    }

    @GET
    @Path("{id}/logs")
    @Produces(MediaType.TEXT_PLAIN)
    @RequiresRole(Role.VIEWER)
    public Response logs(@PathParam("id") String id) {
        return Response.ok(streams.logs(Params.pathId("training run", id)), "text/plain; charset=utf-8").build();
    }

    @GET
    @Path("{id}/report")
    @RequiresRole(Role.VIEWER)
    public JsonNode report(@PathParam("id") String id) {
        String report = streams.report(Params.pathId("training run", id));
        if (report == null) {
            throw new NotFoundException("training run " + id + " has no report: it has not succeeded");
        }
        return tree(report);
    }

    @GET
    @Path("{id}/held-out")
    @RequiresRole(Role.VIEWER)
    public List<HeldOutRow> heldOut(@PathParam("id") String id, @QueryParam("limit") String limit) {
        Integer parsed = Params.optInt("limit", limit);
        return streams.heldOut(Params.pathId("training run", id), parsed == null ? DEFAULT_HELD_OUT : parsed);
    }
}
