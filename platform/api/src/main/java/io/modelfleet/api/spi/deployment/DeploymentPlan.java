package io.modelfleet.api.spi.deployment;

import java.util.List;

/** The edges a target will move to a model version, in the order it will do so. */
public record DeploymentPlan(String deploymentId, String modelVersion, List<Long> edgeIds) {
    public DeploymentPlan {
        edgeIds = List.copyOf(edgeIds);
    }
}
