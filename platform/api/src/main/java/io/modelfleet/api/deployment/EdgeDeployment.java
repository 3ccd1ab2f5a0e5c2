package io.modelfleet.api.deployment;

import java.time.Instant;

import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;

/** One model version assigned to one edge, and how far the edge has got with it. */
public record EdgeDeployment(long id, long edgeId, String edgeName, long modelVersionId, String modelName,
        String modelVersion, EdgeDeploymentStatus status, String detail, boolean current, Instant createdAt,
        String createdBy, Instant updatedAt) {
}
