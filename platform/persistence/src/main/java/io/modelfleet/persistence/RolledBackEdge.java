package io.modelfleet.persistence;

/**
 * An edge a rollback moved: to a new deployment of the version it ran before ({@code deploymentId}), or, with
 * {@code modelVersionId} null, to no model.
 */
public record RolledBackEdge(long edgeId, Long deploymentId, Long modelVersionId) {
}
