package io.modelfleet.api.agent;

import java.time.Instant;

import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;

/**
 * One edge's installation of an agent release: PENDING until the agent takes it, DOWNLOADING, VERIFIED (downloaded
 * and checked; the agent restarts into it), ACTIVE once it proved healthy, FAILED when it could not be installed, and
 * ROLLED_BACK when the agent went back to its previous release (failed health check, or a rollout's rollback).
 */
public record AgentUpdate(long id, long edgeId, long releaseId, String version, Long rolloutId,
        EdgeDeploymentStatus status, String detail, Instant createdAt, String createdBy, Instant updatedAt) {
}
