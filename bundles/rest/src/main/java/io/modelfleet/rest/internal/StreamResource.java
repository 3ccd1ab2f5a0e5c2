package io.modelfleet.rest.internal;

import static io.modelfleet.rest.internal.StreamJson.tree;

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

import com.fasterxml.jackson.databind.JsonNode;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.deployment.CollectionPolicy;
import io.modelfleet.api.deployment.DeploymentService;
import io.modelfleet.api.rollout.RolloutPlan;
import io.modelfleet.api.rollout.RolloutService;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.security.Role;
import io.modelfleet.api.stream.NewStream;
import io.modelfleet.api.stream.RetrainingPolicy;
import io.modelfleet.api.stream.RetrainingService;
import io.modelfleet.api.stream.Stream;
import io.modelfleet.api.stream.StreamSchedule;
import io.modelfleet.api.stream.StreamService;
import io.modelfleet.api.stream.StreamTarget;
import io.modelfleet.api.stream.TrainingRun;
import io.modelfleet.rest.internal.TrainingRunResource.RunView;

/**
 * Streams: create and edit them (parameters checked field by field against the solution's schema), set their
 * collection policy, rollout plan and retraining policy, train now, list their runs, deploy a version, start a
 * retraining. Solutions are {@link SolutionResource}'s, the runs themselves {@link TrainingRunResource}'s, retrainings
 * {@link RetrainingResource}'s.
 */
@Component(service = StreamResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/streams")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class StreamResource {
    private final StreamService streams;
    private final DeploymentService deployments;
    private final RolloutService rollouts;
    private final RetrainingService retraining;

    @Activate
    public StreamResource(@Reference StreamService streams, @Reference DeploymentService deployments,
            @Reference RolloutService rollouts, @Reference RetrainingService retraining) {
        this.streams = streams;
        this.deployments = deployments;
        this.rollouts = rollouts;
        this.retraining = retraining;
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

    public record Duplicate(String name) {
    }

    public record Deploy(Long modelVersionId) {
    }

    /** A stream's retraining policy, null when it has none (as collection policies are answered). */
    public record RetrainingPolicyView(RetrainingPolicy policy) {
    }

    /** Start a retraining now, as if {@code ruleId} (one of the policy's triggers; null: its first) had fired. */
    public record StartRetraining(Long ruleId) {
    }

    @GET
    @RequiresRole(Role.VIEWER)
    public List<StreamView> list() {
        return streams.list().stream().map(StreamView::of).toList();
    }

    @POST
    @RequiresRole(Role.MANAGER)
    public Response create(StreamRequest request, @Context SecurityContext security) {
        Stream created = streams.create(toNew(request), Params.caller(security).name());
        return Response.status(201).entity(StreamView.of(created)).build();
    }

    @GET
    @Path("{id}")
    @RequiresRole(Role.VIEWER)
    public StreamView get(@PathParam("id") String id) {
        return StreamView.of(streams.get(Params.pathId("stream", id)));
    }

    @PUT
    @Path("{id}")
    @RequiresRole(Role.MANAGER)
    public StreamView update(@PathParam("id") String id, StreamRequest request, @Context SecurityContext security) {
        return StreamView.of(streams.update(Params.pathId("stream", id), toNew(request), Params.caller(security).name()));
    }

    @DELETE
    @Path("{id}")
    @RequiresRole(Role.MANAGER)
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        streams.delete(Params.pathId("stream", id), Params.caller(security).name());
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/collection-policy")
    @RequiresRole(Role.VIEWER)
    public EdgeResource.PolicyView collectionPolicy(@PathParam("id") String id) {
        return new EdgeResource.PolicyView(deployments.streamCollectionPolicy(Params.pathId("stream", id)));
    }

    /** For every edge running one of the stream's models that sets no policy of its own. */
    @PUT
    @Path("{id}/collection-policy")
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
    @Path("{id}/collection-policy")
    @RequiresRole(Role.MANAGER)
    public Response clearCollectionPolicy(@PathParam("id") String id, @Context SecurityContext security) {
        deployments.setStreamCollectionPolicy(Params.pathId("stream", id), null, Params.caller(security).name());
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/rollout-plan")
    @RequiresRole(Role.VIEWER)
    public RolloutPlan rolloutPlan(@PathParam("id") String id) {
        return rollouts.streamPlan(Params.pathId("stream", id));
    }

    @PUT
    @Path("{id}/rollout-plan")
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
    @Path("{id}/rollout-plan")
    @RequiresRole(Role.MANAGER)
    public Response clearRolloutPlan(@PathParam("id") String id, @Context SecurityContext security) {
        rollouts.setStreamPlan(Params.pathId("stream", id), null, Params.caller(security).name());
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/retraining-policy")
    @RequiresRole(Role.VIEWER)
    public RetrainingPolicyView retrainingPolicy(@PathParam("id") String id) {
        return new RetrainingPolicyView(retraining.policy(Params.pathId("stream", id)).orElse(null));
    }

    /** When one of the policy's alert rules fires: import the samples behind it, retrain, gate, roll out. */
    @PUT
    @Path("{id}/retraining-policy")
    @RequiresRole(Role.MANAGER)
    public RetrainingPolicyView setRetrainingPolicy(@PathParam("id") String id, RetrainingPolicy policy,
            @Context SecurityContext security) {
        if (policy == null) {
            throw new InvalidInputException("the body must be a retraining policy: {triggerRuleIds, source, maxScore, "
                    + "maxItems, waitForLabels, gateMetric, gateMinValue, gateMaxDrop, autoApprove, cooldownMinutes, "
                    + "enabled}");
        }
        return new RetrainingPolicyView(retraining.setPolicy(Params.pathId("stream", id), policy,
                Params.caller(security).name()));
    }

    @DELETE
    @Path("{id}/retraining-policy")
    @RequiresRole(Role.MANAGER)
    public Response clearRetrainingPolicy(@PathParam("id") String id, @Context SecurityContext security) {
        retraining.clearPolicy(Params.pathId("stream", id), Params.caller(security).name());
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/retrainings")
    @RequiresRole(Role.MANAGER)
    public Response startRetraining(@PathParam("id") String id, StartRetraining request,
            @Context SecurityContext security) {
        return Response.status(201).entity(retraining.start(Params.pathId("stream", id),
                request == null ? null : request.ruleId(), Params.caller(security).name())).build();
    }

    @POST
    @Path("{id}/duplicate")
    @RequiresRole(Role.MANAGER)
    public Response duplicate(@PathParam("id") String id, Duplicate request, @Context SecurityContext security) {
        if (request == null || request.name() == null) {
            throw new InvalidInputException("the body must be {name}", Map.of("name", "is required"));
        }
        Stream copy = streams.duplicate(Params.pathId("stream", id), request.name(), Params.caller(security).name());
        return Response.status(201).entity(StreamView.of(copy)).build();
    }

    @POST
    @Path("{id}/train")
    @RequiresRole(Role.MANAGER)
    public Response train(@PathParam("id") String id, @Context SecurityContext security) {
        TrainingRun run = streams.train(Params.pathId("stream", id), Params.caller(security).name());
        return Response.status(202).entity(RunView.of(run)).build();
    }

    @GET
    @Path("{id}/runs")
    @RequiresRole(Role.VIEWER)
    public List<RunView> streamRuns(@PathParam("id") String id, @QueryParam("limit") String limit) {
        long streamId = Params.pathId("stream", id);
        streams.get(streamId);
        return streams.runs(streamId, null, StreamJson.runLimit(limit)).stream().map(RunView::of).toList();
    }

    @POST
    @Path("{id}/deploy")
    @RequiresRole(Role.MANAGER)
    public Response deploy(@PathParam("id") String id, Deploy request, @Context SecurityContext security) {
        if (request == null || request.modelVersionId() == null) {
            throw new InvalidInputException("the body must be {modelVersionId}", Map.of("modelVersionId", "is required"));
        }
        return Response.status(201).entity(streams.deploy(Params.pathId("stream", id), request.modelVersionId(),
                Params.caller(security).name())).build();
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
