package io.modelfleet.api.spi.deployment;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.modelfleet.api.deployment.ModelManifest;

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

    /**
     * What an agent of this edge is told to run, for the platform's {@code ManifestSigning} to sign: the model, the
     * deployment's artifact path, valid from {@code issuedAt} for {@code validity}.
     *
     * @throws IllegalStateException for a withdrawn deployment, which has no model to run
     */
    public ModelManifest manifest(Instant issuedAt, Duration validity) {
        if (model == null) {
            throw new IllegalStateException("deployment " + deploymentId + " withdraws the model: there is no manifest");
        }
        return new ModelManifest(deploymentId, edgeId, model.versionId(), model.name(), model.version(),
                model.format(), model.sha256(), model.sizeBytes(), ModelManifest.artifactPath(deploymentId),
                model.metadata(), issuedAt, issuedAt.plus(validity));
    }
}
