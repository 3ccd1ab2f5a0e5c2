package io.modelfleet.api.spi.deployment;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

import io.modelfleet.api.deployment.SignedManifest;
import io.modelfleet.api.plugin.PluginDescriptor;

/**
 * A configured way of putting models onto edges: ModelFleet agents that pull, a Kubernetes cluster, a GitOps
 * repository. Implemented by plugins, one service per configuration; {@code descriptor().id()} is what an edge's
 * {@code target} names.
 * <p>
 * The platform owns rollouts: it decides which edges move when, records a deployment per edge and calls {@link #apply}
 * with them; it reads {@link #status} every few seconds while a rollout waits on them. Calls may come from several
 * threads, never twice at once for the same edge.
 */
@ConsumerType
public interface DeploymentTarget {

    PluginDescriptor descriptor();

    /**
     * Hands these edges' new deployments to the target's system and returns within seconds; delivery itself goes on
     * asynchronously. A deployment whose {@code model} is null takes the model off its edge. Targets whose edges pull
     * (see {@link #manifest}) may have nothing to do here.
     *
     * @throws TargetUnavailableException to be called again later with the same deployments
     */
    void apply(List<TargetDeployment> deployments) throws Exception;

    /**
     * Where these current deployments stand, as the target observes them, by deployment id. Deployments left out are
     * reported by their edges themselves (agents do), and a target whose edges all report returns an empty map.
     */
    Map<Long, TargetStatus> status(List<TargetDeployment> deployments) throws Exception;

    /**
     * For targets whose edges fetch their desired state from the server (ModelFleet agents, including those a
     * cluster runs): the signed manifest of the edge's current deployment. Empty for targets that push.
     */
    default Optional<SignedManifest> manifest(TargetDeployment current) {
        return Optional.empty();
    }
}
