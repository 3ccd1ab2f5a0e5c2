package io.modelfleet.api.edge;

/** Tells the agent its state, whether its desired state changed (ETag) and when to report again. */
public record HeartbeatReply(EdgeState state, String desiredStateEtag, int heartbeatIntervalSeconds) {
}
