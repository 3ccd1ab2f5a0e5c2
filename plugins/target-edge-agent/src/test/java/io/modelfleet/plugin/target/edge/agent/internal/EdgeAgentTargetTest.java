package io.modelfleet.plugin.target.edge.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.deployment.ModelManifest;
import io.modelfleet.api.deployment.SignedManifest;
import io.modelfleet.api.spi.deployment.DeploymentTarget;
import io.modelfleet.api.spi.deployment.TargetDeployment;
import io.modelfleet.api.spi.deployment.TargetModel;
import io.modelfleet.testkit.DeploymentTargetContract;
import io.modelfleet.testkit.TestManifestSigning;

class EdgeAgentTargetTest extends DeploymentTargetContract {
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    private static final TargetModel MODEL = new TargetModel(7, "digits", "v1.3", "onnx", "ab".repeat(32), 1234,
            Map.of("labels", "0,1,2"));

    @Override
    protected DeploymentTarget contractTarget() {
        return new EdgeAgentTarget(new TestManifestSigning(), "edge-agent", Duration.ofHours(1), Clock.systemUTC());
    }

    @Override
    protected TargetDeployment contractDeployment() {
        return new TargetDeployment(5, 3, "cam-1", Map.of(), MODEL);
    }

    @Test
    void signsAManifestForTheEdgesCurrentDeployment() throws Exception {
        TestManifestSigning signing = new TestManifestSigning();
        EdgeAgentTarget target = new EdgeAgentTarget(signing, "edge-agent", Duration.ofHours(2),
                Clock.fixed(NOW, ZoneOffset.UTC));

        SignedManifest signed = target.manifest(new TargetDeployment(41, 3, "cam-1", Map.of(), MODEL)).orElseThrow();

        ModelManifest manifest = signed.manifest();
        assertEquals(41, manifest.deploymentId());
        assertEquals(3, manifest.edgeId());
        assertEquals(7, manifest.modelVersionId());
        assertEquals("digits:v1.3", manifest.reference());
        assertEquals("ab".repeat(32), manifest.sha256());
        assertEquals(1234, manifest.sizeBytes());
        assertEquals("/api/v1/edge/artifacts/41", manifest.artifactPath());
        assertEquals(Map.of("labels", "0,1,2"), manifest.metadata());
        assertEquals(NOW, manifest.issuedAt());
        assertEquals(NOW.plus(Duration.ofHours(2)), manifest.expiresAt());
        assertTrue(signing.verifies(signed));
    }

    @Test
    void aWithdrawnDeploymentHasNoManifest() throws Exception {
        EdgeAgentTarget target = new EdgeAgentTarget(new TestManifestSigning(), "edge-agent", Duration.ofHours(1),
                Clock.systemUTC());
        assertFalse(target.manifest(new TargetDeployment(5, 3, "cam-1", Map.of(), null)).isPresent());
    }

    @Test
    void agentsReportThemselvesSoNothingIsPushedOrObserved() throws Exception {
        EdgeAgentTarget target = new EdgeAgentTarget(new TestManifestSigning(), "site-b", Duration.ofHours(1),
                Clock.systemUTC());
        List<TargetDeployment> deployments = List.of(new TargetDeployment(5, 3, "cam-1", Map.of(), MODEL));
        target.apply(deployments);
        assertTrue(target.status(deployments).isEmpty());
        assertEquals("site-b", target.descriptor().id());
    }

    @Test
    void aNonPositiveValidityIsRefused() {
        assertThrows(InvalidInputException.class,
                () -> new EdgeAgentTarget(new TestManifestSigning(), "edge-agent", Duration.ZERO, Clock.systemUTC()));
    }
}
