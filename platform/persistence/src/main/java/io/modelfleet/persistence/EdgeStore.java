package io.modelfleet.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.modelfleet.api.Page;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeQuery;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.EdgeUpdate;
import io.modelfleet.api.edge.EnrollmentToken;
import io.modelfleet.api.edge.FleetSummary;
import io.modelfleet.api.edge.Heartbeat;

/**
 * Edges and enrollment tokens. Methods taking {@code onlineSince} derive the connection state: an edge is ONLINE
 * when its last heartbeat is at or after that instant.
 */
@ProviderType
public interface EdgeStore {

    EnrollmentToken insertToken(String tokenHash, String description, int maxUses, Instant expiresAt,
            String createdBy, Instant now);

    List<EnrollmentToken> listTokens(boolean includeInactive, Instant now);

    /** @return false when no such token exists */
    boolean revokeToken(long tokenId);

    /** Atomically uses up one use of a valid (unrevoked, unexpired, not exhausted) token. */
    Optional<Long> consumeToken(String tokenHash, Instant now);

    /** @return the new edge id, or empty when the name is already taken */
    Optional<Long> insertEdge(NewEdgeRecord edge);

    Optional<EdgeCredentialRecord> credential(long edgeId);

    /**
     * An APPROVED edge a push target reaches (no enrollment), with its tags, in one transaction.
     *
     * @return the new edge id, or empty when the name is already taken
     */
    Optional<Long> registerEdge(io.modelfleet.api.edge.EdgeRegistration edge, String credentialHash, String actor,
            Instant now);

    /** @return false when the edge does not exist */
    boolean setCredential(long edgeId, String credentialHash, String actor, Instant now);

    Optional<Edge> findEdge(long edgeId, Instant onlineSince);

    Page<Edge> listEdges(EdgeQuery query, Instant onlineSince);

    /** Writes everything a heartbeat carries. */
    void recordHeartbeat(long edgeId, Heartbeat heartbeat, Instant seenAt);

    /** Moves last-seen forward for many edges in one batch; never moves it backwards. */
    void touchLastSeen(Map<Long, Instant> lastSeen);

    /**
     * @return false when the edge does not exist
     * @throws io.modelfleet.api.ConflictException when the new name is taken
     */
    boolean updateEdge(long edgeId, EdgeUpdate update, String actor, Instant now);

    boolean updateState(long edgeId, EdgeState state, String actor, Instant now);

    FleetSummary summary(Instant onlineSince);

    /**
     * Deletes an edge in one transaction: its row (so its credential stops working and its name is free again), its
     * tags, deployments, agent updates, rollout memberships (cascading keys), its own collection policy and agent
     * settings. With {@code removeData} the edge is queued for {@link #purgeEdgeData}; without, its results, samples
     * and events stay, attributable by its id (InnoDB never hands an id out twice).
     *
     * @return the deleted edge's name, or empty when there is no such edge
     */
    Optional<String> deleteEdge(long edgeId, boolean removeData, String actor, Instant now);

    /** Deleted edges whose data is still to be removed, those deleted first first. */
    List<Long> edgesToPurge(int limit);

    /**
     * Removes up to {@code batch} rows of each table holding what a deleted edge sent (inference results, samples,
     * events), each in its own short transaction, so no lock is held for long. The one place to extend when new
     * tables keep rows per edge.
     *
     * @return rows removed; 0 when nothing was left
     */
    int purgeEdgeData(long edgeId, int batch);

    /**
     * Forgets a purge requested before {@code requestedBefore}; call it when {@link #purgeEdgeData} found nothing left.
     * A later cutoff than the deletion leaves time for batches a replica accepted just before it. @return whether it did
     */
    boolean finishPurge(long edgeId, Instant requestedBefore);
}
