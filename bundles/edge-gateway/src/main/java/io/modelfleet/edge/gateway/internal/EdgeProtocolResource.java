package io.modelfleet.edge.gateway.internal;

import java.util.List;

import javax.ws.rs.Consumes;
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

    @Activate
    public EdgeProtocolResource(@Reference FleetService fleet, @Reference InferenceService inference) {
        this.fleet = fleet;
        this.inference = inference;
    }

    @POST
    @Path("enroll")
    @PublicEndpoint
    public Response enroll(EnrollRequest request) {
        return Response.status(201).entity(fleet.enroll(request)).build();
    }

    @POST
    @Path("heartbeat")
    @EdgeEndpoint
    public HeartbeatReply heartbeat(Heartbeat heartbeat, @Context SecurityContext security) {
        return fleet.heartbeat(edgeId(security), heartbeat);
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
    public IngestReply results(List<ReportedResult> results, @Context SecurityContext security) {
        return inference.ingestResults(approvedEdgeId(security), nonNull(results));
    }

    @POST
    @Path("events")
    @EdgeEndpoint
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
