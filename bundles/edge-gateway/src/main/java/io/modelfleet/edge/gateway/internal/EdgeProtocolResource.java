package io.modelfleet.edge.gateway.internal;

import java.util.List;

import java.io.IOException;
import java.io.InputStream;

import javax.ws.rs.Consumes;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PUT;
import javax.ws.rs.PathParam;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.StreamingOutput;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
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

import io.modelfleet.api.AccessDeniedException;
import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.agent.AgentRelease;
import io.modelfleet.api.agent.AgentReleaseService;
import io.modelfleet.api.agent.AgentUpdate;
import io.modelfleet.api.deployment.DeploymentService;
import io.modelfleet.api.deployment.DesiredState;
import io.modelfleet.api.deployment.EdgeDeployment;
import io.modelfleet.api.deployment.StatusReport;
import io.modelfleet.api.edge.Enrollment;
import io.modelfleet.api.model.ModelRegistry;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.EnrollRequest;
import io.modelfleet.api.edge.FleetService;
import io.modelfleet.api.edge.Heartbeat;
import io.modelfleet.api.edge.HeartbeatReply;
import io.modelfleet.api.inference.IngestReply;
import io.modelfleet.api.inference.InferenceService;
import io.modelfleet.api.inference.ReportedEvent;
import io.modelfleet.api.inference.ReportedResult;
import io.modelfleet.api.rest.EdgeEndpoint;
import io.modelfleet.api.rest.Ingest;
import io.modelfleet.api.rest.PublicEndpoint;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.Caller;

/**
 * Edge protocol v1. Apart from enrollment every call carries the edge's own credential, and the edge it names is
 * always the caller: no endpoint takes an edge id, so one edge cannot address another's data.
 */
@Component(service = EdgeProtocolResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/edge")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class EdgeProtocolResource {
    private final FleetService fleet;
    private final InferenceService inference;
    private final DeploymentService deployments;
    private final ModelRegistry models;
    private final AgentReleaseService releases;

    @Activate
    public EdgeProtocolResource(@Reference FleetService fleet, @Reference InferenceService inference,
            @Reference DeploymentService deployments, @Reference ModelRegistry models,
            @Reference AgentReleaseService releases) {
        this.fleet = fleet;
        this.inference = inference;
        this.deployments = deployments;
        this.models = models;
        this.releases = releases;
    }

    /** The enrollment plus the key the agent pins: every manifest it will ever accept is signed with it. */
    public record EnrollReply(long edgeId, String name, String credential, EdgeState state, String serverPublicKey) {
    }

    @POST
    @Path("enroll")
    @PublicEndpoint
    public Response enroll(EnrollRequest request) {
        Enrollment enrollment = fleet.enroll(request);
        return Response.status(201).entity(new EnrollReply(enrollment.edgeId(), enrollment.name(),
                enrollment.credential(), enrollment.state(), deployments.signingPublicKey())).build();
    }

    @POST
    @Path("heartbeat")
    @EdgeEndpoint
    public HeartbeatReply heartbeat(Heartbeat heartbeat, @Context SecurityContext security) {
        long edgeId = edgeId(security);
        HeartbeatReply reply = fleet.heartbeat(edgeId, heartbeat);
        return new HeartbeatReply(reply.state(), deployments.desiredStateEtag(edgeId), reply.heartbeatIntervalSeconds());
    }

    /** 304 while the ETag matches; otherwise the current assignment with a freshly signed manifest. */
    @GET
    @Path("desired-state")
    @EdgeEndpoint
    public Response desiredState(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @Context SecurityContext security) {
        long edgeId = edgeId(security);
        String etag = deployments.desiredStateEtag(edgeId);
        if (etag.equals(ifNoneMatch)) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).build();
        }
        DesiredState state = deployments.desiredState(edgeId);
        return Response.ok(state).header(HttpHeaders.ETAG, state.etag())
                .header(HttpHeaders.CACHE_CONTROL, "private, no-cache").build();
    }

    /**
     * The artifact of one of the edge's own deployments, resumable: a {@code Range: bytes=N-} request gets 206 from
     * byte N. Only open-ended single ranges are served; that is all a resuming download needs.
     */
    @GET
    @Path("artifacts/{deploymentId}")
    @Produces({ MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON })
    @EdgeEndpoint
    public Response artifact(@PathParam("deploymentId") String deploymentId,
            @HeaderParam("Range") String range, @Context SecurityContext security) throws IOException {
        long edgeId = approvedEdgeId(security);
        EdgeDeployment deployment = deployments.get(Params.id("deploymentId", deploymentId));
        if (deployment.edgeId() != edgeId) {
            throw new NotFoundException("deployment " + deploymentId + " is not one of this edge's");
        }
        ModelVersion version = models.getVersion(deployment.modelVersionId());
        long size = version.sizeBytes();
        long offset = ByteRange.start(range, size);
        if (offset < 0) {
            return Response.status(416).header("Content-Range", "bytes */" + size).build();
        }
        return ranged(models.openArtifact(version.id(), offset), range, offset, size, version.sha256());
    }

    /** The archive of one of the edge's own agent updates, resumable like model artifacts. */
    @GET
    @Path("agent-artifacts/{updateId}")
    @Produces({ MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON })
    @EdgeEndpoint
    public Response agentArtifact(@PathParam("updateId") String updateId, @HeaderParam("Range") String range,
            @Context SecurityContext security) {
        long edgeId = approvedEdgeId(security);
        AgentUpdate update = releases.getUpdate(Params.id("updateId", updateId));
        if (update.edgeId() != edgeId) {
            throw new NotFoundException("agent update " + updateId + " is not one of this edge's");
        }
        AgentRelease release = releases.get(update.releaseId());
        long offset = ByteRange.start(range, release.sizeBytes());
        if (offset < 0) {
            return Response.status(416).header("Content-Range", "bytes */" + release.sizeBytes()).build();
        }
        return ranged(releases.openArchive(release.id(), offset), range, offset, release.sizeBytes(), release.sha256());
    }

    private static Response ranged(InputStream in, String range, long offset, long size, String sha256) {
        StreamingOutput body = out -> {
            try (in) {
                in.transferTo(out);
            }
        };
        Response.ResponseBuilder response = Response.status(offset > 0 || range != null ? 206 : 200).entity(body)
                .type(MediaType.APPLICATION_OCTET_STREAM)
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.CONTENT_LENGTH, size - offset)
                .header(HttpHeaders.ETAG, "\"" + sha256 + "\"");
        if (offset > 0 || range != null) {
            response.header("Content-Range", "bytes " + offset + "-" + (size - 1) + "/" + size);
        }
        return response.build();
    }

    @PUT
    @Path("deployments/{deploymentId}/status")
    @EdgeEndpoint
    public EdgeDeployment deploymentStatus(@PathParam("deploymentId") String deploymentId, StatusReport report,
            @Context SecurityContext security) {
        if (report == null) {
            throw new InvalidInputException("the body must be a status report: {\"status\": ..., \"detail\": ...}");
        }
        return deployments.reportStatus(edgeId(security), Params.id("deploymentId", deploymentId), report);
    }

    @PUT
    @Path("agent-updates/{updateId}/status")
    @EdgeEndpoint
    public AgentUpdate agentUpdateStatus(@PathParam("updateId") String updateId, StatusReport report,
            @Context SecurityContext security) {
        if (report == null) {
            throw new InvalidInputException("the body must be a status report: {\"status\": ..., \"detail\": ...}");
        }
        return releases.reportStatus(edgeId(security), Params.id("updateId", updateId), report);
    }

    @GET
    @Path("self")
    @EdgeEndpoint
    public Edge self(@Context SecurityContext security) {
        return fleet.getEdge(edgeId(security));
    }

    @POST
    @Path("results")
    @EdgeEndpoint
    @Ingest
    public IngestReply results(List<ReportedResult> results, @Context SecurityContext security) {
        return inference.ingestResults(approvedEdgeId(security), nonNull(results));
    }

    @POST
    @Path("events")
    @EdgeEndpoint
    @Ingest
    public IngestReply events(List<ReportedEvent> events, @Context SecurityContext security) {
        return inference.ingestEvents(approvedEdgeId(security), nonNull(events));
    }

    private static <T> List<T> nonNull(List<T> batch) {
        if (batch == null) {
            throw new InvalidInputException("the body must be a JSON array");
        }
        return batch;
    }

    private static long edgeId(SecurityContext security) {
        return ((Caller) security.getUserPrincipal()).edgeId();
    }

    /** Results count only from edges an operator approved; the security context answers by edge state. */
    private static long approvedEdgeId(SecurityContext security) {
        long edgeId = edgeId(security);
        if (!security.isUserInRole(EdgeState.APPROVED.name())) {
            throw new AccessDeniedException("edge " + edgeId + " is not approved yet; results are accepted once an operator approves it");
        }
        return edgeId;
    }
}
