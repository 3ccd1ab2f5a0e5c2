package io.modelfleet.agent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import io.modelfleet.api.deployment.AgentManifest;
import io.modelfleet.api.deployment.ModelManifest;
import io.modelfleet.api.deployment.SignedAgentManifest;
import io.modelfleet.api.deployment.SignedManifest;

/**
 * Checks a manifest (of a model or of an agent release) against the server key pinned at enrollment, and a download
 * against the manifest.
 */
final class ManifestVerifier {
    private final PublicKey pinned;
    private final long edgeId;

    ManifestVerifier(String pinnedPublicKey, long edgeId) throws GeneralSecurityException {
        this.pinned = KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pinnedPublicKey)));
        this.edgeId = edgeId;
    }

    /** @throws VerificationException with the reason when the manifest is not the server's, not ours or expired */
    ModelManifest verify(SignedManifest signed, Instant now) throws VerificationException {
        if (signed == null || signed.manifest() == null || signed.signature() == null) {
            throw new VerificationException("the desired state carries no signed manifest");
        }
        ModelManifest manifest = signed.manifest();
        check(manifest.canonicalBytes(), signed.signature(), manifest.edgeId(), manifest.expiresAt(), now);
        return manifest;
    }

    /** An agent release to install, checked as a model manifest is: signature, this edge, not expired. */
    AgentManifest verify(SignedAgentManifest signed, Instant now) throws VerificationException {
        if (signed == null || signed.manifest() == null || signed.signature() == null) {
            throw new VerificationException("the desired state carries no signed agent manifest");
        }
        AgentManifest manifest = signed.manifest();
        check(manifest.canonicalBytes(), signed.signature(), manifest.edgeId(), manifest.expiresAt(), now);
        return manifest;
    }

    private void check(byte[] canonical, String signature, long manifestEdgeId, Instant expiresAt, Instant now)
            throws VerificationException {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(pinned);
            verifier.update(canonical);
            if (!verifier.verify(Base64.getDecoder().decode(signature))) {
                throw new VerificationException("the manifest signature does not verify with the pinned server key");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new VerificationException("the manifest signature is malformed: " + e.getMessage());
        }
        if (manifestEdgeId != edgeId) {
            throw new VerificationException("the manifest is for edge " + manifestEdgeId + ", not this edge (" + edgeId + ")");
        }
        if (expiresAt != null && expiresAt.isBefore(now)) {
            throw new VerificationException("the manifest expired at " + expiresAt);
        }
    }

    /** Size and SHA-256 of the downloaded file against the signed manifest. */
    static void verifyArtifact(ModelManifest manifest, Path artifact) throws IOException, VerificationException {
        verifyDownload(artifact, manifest.sizeBytes(), manifest.sha256(), "artifact");
    }

    /** Size and SHA-256 of a downloaded release archive against the signed agent manifest. */
    static void verifyArchive(AgentManifest manifest, Path archive) throws IOException, VerificationException {
        verifyDownload(archive, manifest.sizeBytes(), manifest.sha256(), "release archive");
    }

    private static void verifyDownload(Path file, long expectedSize, String expectedSha256, String what)
            throws IOException, VerificationException {
        long size = Files.size(file);
        if (size != expectedSize) {
            throw new VerificationException("the " + what + " is " + size + " bytes; the manifest says " + expectedSize);
        }
        String actual = sha256(file);
        if (!actual.equalsIgnoreCase(expectedSha256)) {
            throw new VerificationException("the " + what + "'s sha256 is " + actual + "; the manifest says " + expectedSha256);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static final class VerificationException extends Exception {
        private static final long serialVersionUID = 1L;

        VerificationException(String message) {
            super(message);
        }
    }
}
