package io.modelfleet.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.spi.deployment.DeploymentTarget;
import io.modelfleet.api.spi.deployment.TargetDeployment;
import io.modelfleet.api.spi.deployment.TargetStatus;

/**
 * The contract every {@link DeploymentTarget} keeps; a target's test class extends it. What it checks:
 * <ul>
 * <li>the descriptor names the configured instance, what an edge's {@code target} names (non-blank id and display
 * name);</li>
 * <li>{@code apply} of a deployment returns (delivery goes on asynchronously), and {@code status} answers by
 * deployment id for the deployments it was asked about only (those left out are reported by their edges) — for no
 * deployments, nothing.</li>
 * </ul>
 */
public abstract class DeploymentTargetContract {

    /** The target, configured and ready (called once per test, after the test class's own set-up). */
    protected abstract DeploymentTarget contractTarget() throws Exception;

    /** A deployment of a model to an edge the target serves. */
    protected abstract TargetDeployment contractDeployment();

    @Test
    void contractTheDescriptorNamesTheInstance() throws Exception {
        DeploymentTarget target = contractTarget();
        assertFalse(target.descriptor().id().isBlank(), "descriptor id");
        assertFalse(target.descriptor().displayName().isBlank(), "descriptor displayName");
    }

    @Test
    void contractStatusIsByTheDeploymentsAskedAbout() throws Exception {
        DeploymentTarget target = contractTarget();
        assertTrue(target.status(List.of()).isEmpty(), "a status for no deployment");
        TargetDeployment deployment = contractDeployment();
        target.apply(List.of(deployment));
        Map<Long, TargetStatus> status = target.status(List.of(deployment));
        assertNotNull(status);
        assertTrue(Set.of(deployment.deploymentId()).containsAll(status.keySet()),
                "asked about " + deployment.deploymentId() + ", answered " + status.keySet());
    }
}
