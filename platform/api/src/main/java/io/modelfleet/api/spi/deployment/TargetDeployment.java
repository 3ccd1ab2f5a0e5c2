package io.modelfleet.api.spi.deployment;

import java.util.Map;

/**
 * One edge's current deployment as the platform recorded it: the edge should run {@code model}, or, when
 * {@code model} is null, no model at all (a rollout rolled back on an edge that had none before).
 *
 * @param deploymentId the platform's id of this deployment, stable until the edge gets another one
 * @param edgeTags the edge's tags, for targets that group edges (a GitOps folder, a Kubernetes namespace)
 */
public record TargetDeployment(long deploymentId, long edgeId, String edgeName, Map<String, String> edgeTags,
        TargetModel model) {

    public TargetDeployment {
        edgeTags = edgeTags == null ? Map.of() : Map.copyOf(edgeTags);
    }

    public boolean withdrawn() {
        return model == null;
    }
}
