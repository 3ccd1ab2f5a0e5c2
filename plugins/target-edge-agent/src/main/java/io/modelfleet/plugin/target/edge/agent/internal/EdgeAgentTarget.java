package io.modelfleet.plugin.target.edge.agent.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.deployment.ManifestSigning;
import io.modelfleet.api.deployment.SignedManifest;
import io.modelfleet.api.plugin.PluginDescriptor;
import io.modelfleet.api.spi.deployment.DeploymentTarget;
import io.modelfleet.api.spi.deployment.TargetDeployment;
import io.modelfleet.api.spi.deployment.TargetStatus;

/**
 * ModelFleet agents pull: each heartbeat answer carries the ETag of the edge's desired state, and an agent whose tag
 * changed fetches the state, which holds the manifest signed here. So delivering a deployment takes nothing more than
 * the platform recording it, and agents report their progress themselves (PENDING to ACTIVE, FAILED or ROLLED_BACK).
 * Uninstalling this plugin stops manifests: agents keep serving what they run and retry until a target is back.
 */
@Component(service = DeploymentTarget.class, configurationPid = EdgeAgentTargetConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = EdgeAgentTargetConfiguration.class, factory = true)
public final class EdgeAgentTarget implements DeploymentTarget {
    private final PluginDescriptor descriptor;
    private final ManifestSigning signing;
    private final Duration validity;
    private final Clock clock;

    @Activate
    public EdgeAgentTarget(@Reference ManifestSigning signing, EdgeAgentTargetConfiguration config) {
        this(signing, config.id(), Duration.ofHours(config.manifestValidityHours()), Clock.systemUTC());
    }

    EdgeAgentTarget(ManifestSigning signing, String id, Duration validity, Clock clock) {
        if (validity.isNegative() || validity.isZero()) {
            throw new InvalidInputException("manifestValidityHours must be positive, was " + validity.toHours());
        }
        this.descriptor = new PluginDescriptor(id, "ModelFleet edge agents (" + id + ")", "2.0.0",
                "Signed manifests that enrolled ModelFleet agents pull with their heartbeat; agents verify, download, "
                        + "warm up, swap without dropping requests and report back");
        this.signing = signing;
        this.validity = validity;
        this.clock = clock;
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    /** Agents learn of their new deployment from the next heartbeat's ETag: nothing to push. */
    @Override
    public void apply(List<TargetDeployment> deployments) {
        // intentionally empty: delivery is the agent's pull
    }

    /** Agents report every step themselves. */
    @Override
    public Map<Long, TargetStatus> status(List<TargetDeployment> deployments) {
        return Map.of();
    }

    @Override
    public Optional<SignedManifest> manifest(TargetDeployment current) {
        return current.withdrawn() ? Optional.empty()
                : Optional.of(signing.sign(current.manifest(clock.instant(), validity)));
    }
}
