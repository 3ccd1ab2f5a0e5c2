package io.modelfleet.plugin.target.edge.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.deployment.ManifestSigning;
import io.modelfleet.api.deployment.ModelManifest;
import io.modelfleet.api.deployment.SignedManifest;
import io.modelfleet.api.spi.deployment.TargetDeployment;
import io.modelfleet.api.spi.deployment.TargetModel;

class EdgeAgentTargetTest {
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    /** The server's signer as agents see it: Ed25519 over the manifest's canonical bytes. */
    private static final class Ed25519Signing implements ManifestSigning {
        private final KeyPair pair;

        Ed25519Signing() throws GeneralSecurityException {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        }

        @Override
        public SignedManifest sign(ModelManifest manifest) {
            try {
                Signature signature = Signature.getInstance("Ed25519");
                signature.initSign(pair.getPrivate());
                signature.update(manifest.canonicalBytes());
                return new SignedManifest(manifest, Base64.getEncoder().encodeToString(signature.sign()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Targets sign model manifests only; agent releases are the platform's. */
        @Override
        public io.modelfleet.api.deployment.SignedAgentManifest sign(io.modelfleet.api.deployment.AgentManifest manifest) {
            throw new UnsupportedOperationException("a deployment target never signs agent releases");
        }

        @Override
        public String publicKey() {
            return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        }

        boolean verifies(SignedManifest signed) throws GeneralSecurityException {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(pair.getPublic());
            verifier.update(signed.manifest().canonicalBytes());
            return verifier.verify(Base64.getDecoder().decode(signed.signature()));
        }
    }

    private static final TargetModel MODEL = new TargetModel(7, "digits", "v1.3", "onnx", "ab".repeat(32), 1234,
            Map.of("labels", "0,1,2"));

    @Test
    void signsAManifestForTheEdgesCurrentDeployment() throws Exception {
        Ed25519Signing signing = new Ed25519Signing();
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
        EdgeAgentTarget target = new EdgeAgentTarget(new Ed25519Signing(), "edge-agent", Duration.ofHours(1),
                Clock.systemUTC());
        assertFalse(target.manifest(new TargetDeployment(5, 3, "cam-1", Map.of(), null)).isPresent());
    }

    @Test
    void agentsReportThemselvesSoNothingIsPushedOrObserved() throws Exception {
        EdgeAgentTarget target = new EdgeAgentTarget(new Ed25519Signing(), "site-b", Duration.ofHours(1),
                Clock.systemUTC());
        List<TargetDeployment> deployments = List.of(new TargetDeployment(5, 3, "cam-1", Map.of(), MODEL));
        target.apply(deployments);
        assertTrue(target.status(deployments).isEmpty());
        assertEquals("site-b", target.descriptor().id());
    }

    @Test
    void aNonPositiveValidityIsRefused() {
        assertThrows(InvalidInputException.class,
                () -> new EdgeAgentTarget(new Ed25519Signing(), "edge-agent", Duration.ZERO, Clock.systemUTC()));
    }
}
