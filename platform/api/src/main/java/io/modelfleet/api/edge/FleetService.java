package io.modelfleet.api.edge;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.modelfleet.api.Page;

/** The fleet of edges: enrollment, credentials, heartbeats and operator decisions. */
@ProviderType
public interface FleetService {

    IssuedToken createToken(TokenRequest request, String actor);

    List<EnrollmentToken> listTokens(boolean includeInactive);

    void revokeToken(long tokenId, String actor);

    /** Trades a valid token for a new PENDING edge and its credential. */
    Enrollment enroll(EnrollRequest request);

    /**
     * Resolves an edge credential to its edge. Unknown or wrong credentials fail with
     * {@link io.modelfleet.api.UnauthenticatedException}; rejected or disabled edges with
     * {@link io.modelfleet.api.AccessDeniedException}.
     */
    EdgeIdentity authenticateEdge(String credential);

    HeartbeatReply heartbeat(long edgeId, Heartbeat heartbeat);

    Page<Edge> listEdges(EdgeQuery query);

    Edge getEdge(long edgeId);

    Edge updateEdge(long edgeId, EdgeUpdate update, String actor);

    Edge setState(long edgeId, EdgeState state, String actor);

    FleetSummary summary();

    /**
     * Records an edge reached by a push target rather than an enrolled agent.
     *
     * @throws io.modelfleet.api.ConflictException when the name is taken
     */
    Edge registerEdge(EdgeRegistration registration, String actor);

    /**
     * A new credential for the edge, replacing the one it had (shown once, stored as a hash): for targets that run
     * ModelFleet agents on an edge's behalf, such as a Kubernetes workload.
     */
    String issueCredential(long edgeId, String actor);

    /**
     * Deletes an edge: its credential is refused at once on this server (other servers drop their cached check within
     * about a second, when they read the edge change feed), it is no longer listed and its name is free again. Its
     * tags, deployments, agent updates, own collection policy and agent settings go with it. With {@code removeData}
     * its inference results, samples and events are removed too, in bounded batches in the background; without, they
     * stay, attributable by the edge's id (ids are never reused).
     *
     * @throws io.modelfleet.api.NotFoundException when there is no such edge
     */
    void deleteEdge(long edgeId, boolean removeData, String actor);
}
