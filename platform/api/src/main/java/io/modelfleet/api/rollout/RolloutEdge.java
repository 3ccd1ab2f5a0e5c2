package io.modelfleet.api.rollout;

import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;

/**
 * One edge of a rollout: its wave (0: skipped, with the reason), the version it ran before, its deployment of the new
 * version and where that stands, and, after a rollback, the deployment that took it back. For an agent release
 * rollout the deployments are agent updates and {@code previousAgentRelease} is the release the edge's agent was told
 * to run before (null: the one it was installed with).
 */
public record RolloutEdge(long edgeId, String edgeName, String target, int wave, String skippedReason,
        String previousModel, Long deploymentId, EdgeDeploymentStatus status, String detail, Long rollbackDeploymentId,
        EdgeDeploymentStatus rollbackStatus, String previousAgentRelease) {
}
