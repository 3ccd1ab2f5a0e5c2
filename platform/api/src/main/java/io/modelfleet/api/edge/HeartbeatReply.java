package io.modelfleet.api.edge;

/**
 * What a heartbeat gets back: the edge's standing, the ETag of its desired state (fetch {@code desired-state} when it
 * differs from the one applied) and how often to beat.
 */
public record HeartbeatReply(EdgeState state, String desiredStateEtag, int heartbeatIntervalSeconds) {
}
