package io.modelfleet.persistence;

/** An edge's place in a planned rollout: its wave, or wave 0 and why it was skipped. */
public record PlannedEdge(long edgeId, int wave, String skippedReason) {
}
