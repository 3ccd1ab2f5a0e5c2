package io.modelfleet.api.edge;

/** An authenticated edge: who it is and what the operator decided about it. */
public record EdgeIdentity(long edgeId, EdgeState state) {
}
