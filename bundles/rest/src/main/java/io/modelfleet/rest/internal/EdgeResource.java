package io.modelfleet.rest.internal;

import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
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
import io.modelfleet.api.Page;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.agent.AgentReleaseService;
import io.modelfleet.api.agent.AgentUpdate;
import io.modelfleet.api.deployment.AgentSettings;
import io.modelfleet.api.deployment.CollectionPolicy;
import io.modelfleet.api.deployment.DeploymentService;
import io.modelfleet.api.deployment.EdgeDeployment;
import io.modelfleet.api.edge.ConnectionState;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeQuery;
import io.modelfleet.api.edge.EdgeRegistration;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.TagSelector;
import io.modelfleet.api.edge.EdgeUpdate;
import io.modelfleet.api.edge.FleetService;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.Role;

/** Operators' view of the fleet: list, inspect, edit and decide about edges. */
@Component(service = EdgeResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/edges")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class EdgeResource {
    static final int DEFAULT_HISTORY = 20;

    private final FleetService fleet;
    private final DeploymentService deployments;
    private final AgentReleaseService agentReleases;

    @Activate
    public EdgeResource(@Reference FleetService fleet, @Reference DeploymentService deployments,
            @Reference AgentReleaseService agentReleases) {
        this.fleet = fleet;
        this.deployments = deployments;
        this.agentReleases = agentReleases;
    }

    /** Here rather than with the other deployment resources: JAX-RS routes every v1/edges/... path to this class. */
    @GET
    @Path("{id}/deployments")
    @RequiresRole(Role.VIEWER)
    public List<EdgeDeployment> deployments(@PathParam("id") String id, @QueryParam("limit") String limit) {
        long edgeId = edgeId(id);
        fleet.getEdge(edgeId);
        Integer parsed = Params.optInt("limit", limit);
        return deployments.forEdge(edgeId, parsed == null ? DEFAULT_HISTORY : parsed);
    }

    /** The edge's agent updates (installations of agent releases), newest first. */
    @GET
    @Path("{id}/agent-updates")
    @RequiresRole(Role.VIEWER)
    public List<AgentUpdate> agentUpdates(@PathParam("id") String id, @QueryParam("limit") String limit) {
        Integer parsed = Params.optInt("limit", limit);
        return agentReleases.forEdge(edgeId(id), parsed == null ? DEFAULT_HISTORY : parsed);
    }

    /** The edge's own agent settings (all fields null: none), which win field by field over the fleet's. */
    @GET
    @Path("{id}/agent-settings")
    @RequiresRole(Role.VIEWER)
    public AgentSettings agentSettings(@PathParam("id") String id) {
        return agentReleases.edgeSettings(edgeId(id));
    }

    /** Replaces the edge's own settings; {@code {}} clears them, like DELETE. */
    @PUT
    @Path("{id}/agent-settings")
    @RequiresRole(Role.MANAGER)
    public AgentSettings setAgentSettings(@PathParam("id") String id, AgentSettings settings,
            @Context SecurityContext security) {
        if (settings == null) {
            throw new InvalidInputException(AgentSettingsResource.BODY);
        }
        long edgeId = edgeId(id);
        agentReleases.setEdgeSettings(edgeId, settings, Params.caller(security).name());
        return agentReleases.edgeSettings(edgeId);
    }

    @DELETE
    @Path("{id}/agent-settings")
    @RequiresRole(Role.MANAGER)
    public Response clearAgentSettings(@PathParam("id") String id, @Context SecurityContext security) {
        agentReleases.setEdgeSettings(edgeId(id), null, Params.caller(security).name());
        return Response.noContent().build();
    }

    @GET
    @RequiresRole(Role.VIEWER)
    public Page<Edge> list(@QueryParam("state") String state, @QueryParam("connection") String connection,
            @QueryParam("tag") String tag, @QueryParam("search") String search, @QueryParam("limit") String limit,
            @QueryParam("offset") String offset) {
        TagSelector byTag = tag == null || tag.isBlank() ? null : TagSelector.parse(tag);
        return fleet.listEdges(new EdgeQuery(Params.optEnum("state", state, EdgeState.class),
                Params.optEnum("connection", connection, ConnectionState.class),
                byTag == null ? null : byTag.key(), byTag == null ? null : byTag.value(),
                search == null || search.isBlank() ? null : search,
                PageRequest.of(Params.optInt("limit", limit), Params.optLong("offset", offset))));
    }

    /** An edge a push target reaches (a cluster or site), not an enrolled agent. */
    @POST
    @RequiresRole(Role.MANAGER)
    public Response register(EdgeRegistration registration, @Context SecurityContext security) {
        if (registration == null) {
            throw new InvalidInputException("the body must be {name, description, location, tags, target}");
        }
        return Response.status(201).entity(fleet.registerEdge(registration, Params.caller(security).name())).build();
    }

    public record IssuedCredential(long edgeId, String credential) {
    }

    /** Replaces the edge's credential; the new one is shown this once. */
    @POST
    @Path("{id}/credential")
    @RequiresRole(Role.ADMIN)
    public IssuedCredential issueCredential(@PathParam("id") String id, @Context SecurityContext security) {
        long edgeId = edgeId(id);
        return new IssuedCredential(edgeId, fleet.issueCredential(edgeId, Params.caller(security).name()));
    }

    @GET
    @Path("{id}")
    @RequiresRole(Role.VIEWER)
    public Edge get(@PathParam("id") String id) {
        return fleet.getEdge(edgeId(id));
    }

    /**
     * Deletes the edge; its credential is refused at once (other replicas: within their 10 s credential cache). With
     * {@code removeData=true} its results, samples and events go too (in batches, in the background); by default they
     * stay, attributable by the edge id. ADMIN: it revokes a credential, as issuing one does.
     */
    @DELETE
    @Path("{id}")
    @RequiresRole(Role.ADMIN)
    public Response delete(@PathParam("id") String id, @QueryParam("removeData") String removeData,
            @Context SecurityContext security) {
        boolean remove = Params.optBoolean("removeData", removeData);
        fleet.deleteEdge(edgeId(id), remove, Params.caller(security).name());
        return Response.noContent().build();
    }

    @PATCH
    @Path("{id}")
    @RequiresRole(Role.MANAGER)
    public Edge update(@PathParam("id") String id, EdgeUpdate update, @Context SecurityContext security) {
        return fleet.updateEdge(edgeId(id), update, Params.caller(security).name());
    }

    @GET
    @Path("{id}/collection-policy")
    @RequiresRole(Role.VIEWER)
    public PolicyView collectionPolicy(@PathParam("id") String id) {
        return new PolicyView(deployments.edgeCollectionPolicy(edgeId(id)));
    }

    /** The edge's own policy, which wins over its stream's; pushed with the edge's desired state. */
    @PUT
    @Path("{id}/collection-policy")
    @RequiresRole(Role.MANAGER)
    public PolicyView setCollectionPolicy(@PathParam("id") String id, CollectionPolicy policy,
            @Context SecurityContext security) {
        if (policy == null) {
            throw new InvalidInputException("the body must be a collection policy, e.g. {\"mode\": \"LOW_CONFIDENCE\"}");
        }
        deployments.setEdgeCollectionPolicy(edgeId(id), policy, Params.caller(security).name());
        return new PolicyView(policy);
    }

    @DELETE
    @Path("{id}/collection-policy")
    @RequiresRole(Role.MANAGER)
    public Response clearCollectionPolicy(@PathParam("id") String id, @Context SecurityContext security) {
        deployments.setEdgeCollectionPolicy(edgeId(id), null, Params.caller(security).name());
        return Response.noContent().build();
    }

    /** A policy as the API shows it: null when none is set here. */
    public record PolicyView(CollectionPolicy policy) {
    }

    @POST
    @Path("{id}/approve")
    @RequiresRole(Role.MANAGER)
    public Edge approve(@PathParam("id") String id, @Context SecurityContext security) {
        return fleet.setState(edgeId(id), EdgeState.APPROVED, Params.caller(security).name());
    }

    @POST
    @Path("{id}/reject")
    @RequiresRole(Role.MANAGER)
    public Edge reject(@PathParam("id") String id, @Context SecurityContext security) {
        return fleet.setState(edgeId(id), EdgeState.REJECTED, Params.caller(security).name());
    }

    @POST
    @Path("{id}/disable")
    @RequiresRole(Role.MANAGER)
    public Edge disable(@PathParam("id") String id, @Context SecurityContext security) {
        return fleet.setState(edgeId(id), EdgeState.DISABLED, Params.caller(security).name());
    }

    /** Path ids that are not numbers name no edge: 404, like any other unknown id. */
    static long edgeId(String id) {
        return Params.pathId("edge", id);
    }
}
