package io.modelfleet.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads the edge change feed ({@code edge_change}), which the stores write in the same transaction as every change of
 * an edge's credential, state or desired state: {@link EdgeStore#setCredential}, {@link EdgeStore#updateState},
 * {@link EdgeStore#deleteEdge}, deployments and rollouts making a deployment or agent update current, collection
 * policies and agent settings. Servers follow it to keep per-edge caches for minutes and still see another replica's
 * change within about a second.
 */
@ProviderType
public interface EdgeChangeStore {
    /** The newest change id, 0 when there is none: where a server that caches nothing yet starts following. */
    long latestChangeId();

    /**
     * Changes with an id above {@code afterId} or among {@code missing} (ids below it that were not committed yet when
     * last read: transactions commit in another order than they take ids), in id order.
     */
    List<EdgeChange> changesAfter(long afterId, Collection<Long> missing, int limit);

    /** The edges of one wave of a rollout, or of all its waves when {@code wave} is null. */
    List<Long> rolloutEdges(long rolloutId, Integer wave);

    /** Removes at most {@code limit} changes older than {@code before}; every server has read them long ago. */
    int deleteChangesBefore(Instant before, int limit);
}
