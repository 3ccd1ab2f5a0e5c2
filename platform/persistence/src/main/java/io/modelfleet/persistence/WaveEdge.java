package io.modelfleet.persistence;

import java.util.Map;

import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;

/**
 * One edge of a started wave as the engine sees it: its deployment of the rollout's version and where that stands,
 * whether its target took it, and whether it is still the edge's current deployment.
 */
public record WaveEdge(long edgeId, String edgeName, String target, int wave, Map<String, String> tags, long deploymentId,
        EdgeDeploymentStatus status, boolean applied, boolean current) {
    public WaveEdge {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
