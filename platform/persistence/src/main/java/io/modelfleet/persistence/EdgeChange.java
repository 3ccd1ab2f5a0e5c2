package io.modelfleet.persistence;

import java.time.Instant;

/**
 * One row of the edge change feed: the credential, state or desired state of some edges changed. {@code edgeId} names
 * one edge; else {@code rolloutId} names the edges of one wave of a rollout ({@code wave}) or of all its waves
 * ({@code wave} null); neither names every edge.
 */
public record EdgeChange(long id, Long edgeId, Long rolloutId, Integer wave, Instant changedAt) {
    public boolean everyEdge() {
        return edgeId == null && rolloutId == null;
    }
}
