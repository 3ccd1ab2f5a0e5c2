package io.modelfleet.rest.internal;

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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.deployment.CollectionPolicy;
import io.modelfleet.api.deployment.DeploymentService;
import io.modelfleet.api.rollout.RolloutPlan;
import io.modelfleet.api.rollout.RolloutService;
import io.modelfleet.api.plugin.PluginRegistry;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.security.Role;
import io.modelfleet.api.spi.solution.SolutionType;
import io.modelfleet.api.stream.HeldOutRow;
import io.modelfleet.api.stream.NewStream;
import io.modelfleet.api.stream.RunState;
import io.modelfleet.api.stream.Stream;
import io.modelfleet.api.stream.StreamSchedule;
import io.modelfleet.api.stream.StreamService;
import io.modelfleet.api.stream.StreamTarget;
import io.modelfleet.api.stream.TrainingRun;

/**
 * Solutions, streams and training runs: create and edit streams (parameters checked field by field against the
 * solution's schema), train now, follow runs with their logs, report and held-out predictions, deploy a version.
 */
@Component(service = StreamResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class StreamResource {
    static final int DEFAULT_RUNS = 50;
    static final int DEFAULT_HELD_OUT = 1000;

    private final StreamService streams;
    private final PluginRegistry plugins;
    private final DeploymentService deployments;
    private final RolloutService rollouts;

    @Activate
    public StreamResource(@Reference StreamService streams, @Reference PluginRegistry plugins,
            @Reference DeploymentService deployments, @Reference RolloutService rollouts) {
        this.streams = streams;
        this.plugins = plugins;
        this.deployments = deployments;
        this.rollouts = rollouts;
    }

    /** A solution as the console needs it to render the parameter form. */
    public record Solution(String id, String displayName, String version, String description, String datasetKind,
            JsonNode parameterSchema, List<String> metrics, String modelFormat) {
    }

    /** The body of create and edit: {@code parameters} is a JSON object. */
    public record StreamRequest(String name, String description, String solutionId, Long datasetVersionId,
            String backendId, JsonNode parameters, Double confidenceThreshold, StreamSchedule schedule,
            StreamTarget target) {
    }

    /** A stream with its parameters as a JSON object. */
    public record StreamView(long id, String name, String description, String solutionId, long datasetId,
            String datasetName, long datasetVersionId, int datasetVersionNumber, String backendId,
            JsonNode parameters, double confidenceThreshold, StreamSchedule schedule, java.time.Instant nextTrainingAt,
            StreamTarget target, String status, int trainings, Long latestModelVersionId,
            java.time.Instant createdAt, String createdBy, java.time.Instant updatedAt, String updatedBy) {
        static StreamView of(Stream s) {
            return new StreamView(s.id(), s.name(), s.description(), s.solutionId(), s.datasetId(), s.datasetName(),
                    s.datasetVersionId(), s.datasetVersionNumber(), s.backendId(), tree(s.parametersJson()),
                    s.confidenceThreshold(), s.schedule(), s.nextTrainingAt(), s.target(), s.status().name(),
                    s.trainings(), s.latestModelVersionId(), s.createdAt(), s.createdBy(), s.updatedAt(), s.updatedBy());
        }
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

    public record Duplicate(String name) {
    }

    public record Deploy(Long modelVersionId) {
    }

    public record ParameterCheck(String solutionId, JsonNode parameters) {
    }

    static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored parameters are not JSON", e);
        }
    }

    @GET
    @Path("solutions")
    @RequiresRole(Role.VIEWER)
    public List<Solution> solutions() {
        return plugins.plugins(io.modelfleet.api.plugin.PluginKind.SOLUTION_TYPE).stream()
                .map(info -> plugins.solutionType(info.id()).orElse(null)).filter(java.util.Objects::nonNull)
                .map(StreamResource::solution).toList();
    }

    @GET
    @Path("solutions/{id}")
    @RequiresRole(Role.VIEWER)
    public Solution solution(@PathParam("id") String id) {
        return plugins.solutionType(id).map(StreamResource::solution)
                .orElseThrow(() -> new NotFoundException("no solution '" + Params.clip(id) + "' is installed"));
    }

    private static Solution solution(SolutionType type) {
        return new Solution(type.descriptor().id(), type.descriptor().displayName(), type.descriptor().version(),
                type.descriptor().description(), type.datasetKind().name(), tree(type.parameterSchema()),
                type.metrics(), type.modelFormat());
    }

    /** Checks parameters against a solution's schema without saving anything; answers them with defaults. */
    @POST
    @Path("solutions/{id}/parameters")
    @RequiresRole(Role.VIEWER)
    public JsonNode checkParameters(@PathParam("id") String id, JsonNode parameters) {
        return tree(streams.validateParameters(id, parameters == null ? "{}" : parameters.toString()));
    }

    @GET
    @Path("streams")
    @RequiresRole(Role.VIEWER)
    public List<StreamView> list() {
        return streams.list().stream().map(StreamView::of).toList();
    }

    @POST
    @Path("streams")
    @RequiresRole(Role.MANAGER)
    public Response create(StreamRequest request, @Context SecurityContext security) {
        Stream created = streams.create(toNew(request), Params.caller(security).name());
        return Response.status(201).entity(StreamView.of(created)).build();
    }

    @GET
    @Path("streams/{id}")
    @RequiresRole(Role.VIEWER)
    public StreamView get(@PathParam("id") String id) {
        return StreamView.of(streams.get(Params.pathId("stream", id)));
    }

    @PUT
    @Path("streams/{id}")
    @RequiresRole(Role.MANAGER)
    public StreamView update(@PathParam("id") String id, StreamRequest request, @Context SecurityContext security) {
        return StreamView.of(streams.update(Params.pathId("stream", id), toNew(request), Params.caller(security).name()));
    }

    @DELETE
    @Path("streams/{id}")
    @RequiresRole(Role.MANAGER)
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        streams.delete(Params.pathId("stream", id), Params.caller(security).name());
        return Response.noContent().build();
    }

    @GET
    @Path("streams/{id}/collection-policy")
    @RequiresRole(Role.VIEWER)
    public EdgeResource.PolicyView collectionPolicy(@PathParam("id") String id) {
        return new EdgeResource.PolicyView(deployments.streamCollectionPolicy(Params.pathId("stream", id)));
    }

    /** For every edge running one of the stream's models that sets no policy of its own. */
    @PUT
    @Path("streams/{id}/collection-policy")
    @RequiresRole(Role.MANAGER)
    public EdgeResource.PolicyView setCollectionPolicy(@PathParam("id") String id, CollectionPolicy policy,
            @Context SecurityContext security) {
        if (policy == null) {
            throw new InvalidInputException("the body must be a collection policy, e.g. {\"mode\": \"LOW_CONFIDENCE\"}");
        }
        deployments.setStreamCollectionPolicy(Params.pathId("stream", id), policy, Params.caller(security).name());
        return new EdgeResource.PolicyView(policy);
    }

    @DELETE
    @Path("streams/{id}/collection-policy")
    @RequiresRole(Role.MANAGER)
    public Response clearCollectionPolicy(@PathParam("id") String id, @Context SecurityContext security) {
        deployments.setStreamCollectionPolicy(Params.pathId("stream", id), null, Params.caller(security).name());
        return Response.noContent().build();
    }

    @GET
    @Path("streams/{id}/rollout-plan")
    @RequiresRole(Role.VIEWER)
    public RolloutPlan rolloutPlan(@PathParam("id") String id) {
        return rollouts.streamPlan(Params.pathId("stream", id));
    }

    @PUT
    @Path("streams/{id}/rollout-plan")
    @RequiresRole(Role.MANAGER)
    public RolloutPlan setRolloutPlan(@PathParam("id") String id, RolloutPlan plan, @Context SecurityContext security) {
        if (plan == null) {
            throw new InvalidInputException("the body must be a rollout plan: {waves, soakSeconds, waveTimeoutSeconds, "
                    + "health, quality, autoRollback}");
        }
        long streamId = Params.pathId("stream", id);
        rollouts.setStreamPlan(streamId, plan, Params.caller(security).name());
        return rollouts.streamPlan(streamId);
    }

    @DELETE
    @Path("streams/{id}/rollout-plan")
    @RequiresRole(Role.MANAGER)
    public Response clearRolloutPlan(@PathParam("id") String id, @Context SecurityContext security) {
        rollouts.setStreamPlan(Params.pathId("stream", id), null, Params.caller(security).name());
        return Response.noContent().build();
    }

    @POST
    @Path("streams/{id}/duplicate")
    @RequiresRole(Role.MANAGER)
    public Response duplicate(@PathParam("id") String id, Duplicate request, @Context SecurityContext security) {
        if (request == null || request.name() == null) {
            throw new InvalidInputException("the body must be {name}", Map.of("name", "is required"));
        }
        Stream copy = streams.duplicate(Params.pathId("stream", id), request.name(), Params.caller(security).name());
        return Response.status(201).entity(StreamView.of(copy)).build();
    }

    @POST
    @Path("streams/{id}/train")
    @RequiresRole(Role.MANAGER)
    public Response train(@PathParam("id") String id, @Context SecurityContext security) {
        TrainingRun run = streams.train(Params.pathId("stream", id), Params.caller(security).name());
        return Response.status(202).entity(RunView.of(run)).build();
    }

    @GET
    @Path("streams/{id}/runs")
    @RequiresRole(Role.VIEWER)
    public List<RunView> streamRuns(@PathParam("id") String id, @QueryParam("limit") String limit) {
        long streamId = Params.pathId("stream", id);
        streams.get(streamId);
        return streams.runs(streamId, null, limitOr(limit)).stream().map(RunView::of).toList();
    }

    @POST
    @Path("streams/{id}/deploy")
    @RequiresRole(Role.MANAGER)
    public Response deploy(@PathParam("id") String id, Deploy request, @Context SecurityContext security) {
        if (request == null || request.modelVersionId() == null) {
            throw new InvalidInputException("the body must be {modelVersionId}", Map.of("modelVersionId", "is required"));
        }
        return Response.status(201).entity(streams.deploy(Params.pathId("stream", id), request.modelVersionId(),
                Params.caller(security).name())).build();
    }

    @GET
    @Path("training-runs")
    @RequiresRole(Role.VIEWER)
    public List<RunView> runs(@QueryParam("streamId") String streamId, @QueryParam("state") String state,
            @QueryParam("limit") String limit) {
        return streams.runs(Params.optId("streamId", streamId), Params.optEnum("state", state, RunState.class),
                limitOr(limit)).stream().map(RunView::of).toList();
    }

    @GET
    @Path("training-runs/{id}")
    @RequiresRole(Role.VIEWER)
    public RunView run(@PathParam("id") String id) {
        return RunView.of(streams.run(Params.pathId("training run", id)));
    }

    @POST
    @Path("training-runs/{id}/cancel")
    @RequiresRole(Role.MANAGER)
    public RunView cancel(@PathParam("id") String id, @Context SecurityContext security) {
        return RunView.of(streams.cancel(Params.pathId("training run", id), Params.caller(security).name()));
    }

    @GET
    @Path("training-runs/{id}/logs")
    @Produces(MediaType.TEXT_PLAIN)
    @RequiresRole(Role.VIEWER)
    public Response logs(@PathParam("id") String id) {
        return Response.ok(streams.logs(Params.pathId("training run", id)), "text/plain; charset=utf-8").build();
    }

    @GET
    @Path("training-runs/{id}/report")
    @RequiresRole(Role.VIEWER)
    public JsonNode report(@PathParam("id") String id) {
        String report = streams.report(Params.pathId("training run", id));
        if (report == null) {
            throw new NotFoundException("training run " + id + " has no report: it has not succeeded");
        }
        return tree(report);
    }

    @GET
    @Path("training-runs/{id}/held-out")
    @RequiresRole(Role.VIEWER)
    public List<HeldOutRow> heldOut(@PathParam("id") String id, @QueryParam("limit") String limit) {
        Integer parsed = Params.optInt("limit", limit);
        return streams.heldOut(Params.pathId("training run", id), parsed == null ? DEFAULT_HELD_OUT : parsed);
    }

    private static int limitOr(String limit) {
        Integer parsed = Params.optInt("limit", limit);
        return parsed == null ? DEFAULT_RUNS : parsed;
    }

    private static NewStream toNew(StreamRequest request) {
        if (request == null) {
            throw new InvalidInputException("the body must be a stream: {name, solutionId, datasetVersionId, backendId, "
                    + "parameters, confidenceThreshold, schedule, target}");
        }
        if (request.datasetVersionId() == null) {
            throw new InvalidInputException("datasetVersionId is required", Map.of("datasetVersionId", "is required"));
        }
        if (request.parameters() != null && !request.parameters().isObject() && !request.parameters().isNull()) {
            throw new InvalidInputException("parameters must be a JSON object", Map.of("parameters", "must be an object"));
        }
        return new NewStream(request.name(), request.description(), request.solutionId(), request.datasetVersionId(),
                request.backendId() == null ? "local" : request.backendId(),
                request.parameters() == null || request.parameters().isNull() ? "{}" : request.parameters().toString(),
                request.confidenceThreshold() == null ? 0.5 : request.confidenceThreshold(), request.schedule(),
                request.target());
    }


}
