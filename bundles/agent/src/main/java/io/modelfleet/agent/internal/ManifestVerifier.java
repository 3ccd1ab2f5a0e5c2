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

import io.modelfleet.api.deployment.ModelManifest;
import io.modelfleet.api.deployment.SignedManifest;

/** Checks a manifest against the server key pinned at enrollment, and an artifact against the manifest. */
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
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(pinned);
            verifier.update(manifest.canonicalBytes());
            if (!verifier.verify(Base64.getDecoder().decode(signed.signature()))) {
                throw new VerificationException("the manifest signature does not verify with the pinned server key");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new VerificationException("the manifest signature is malformed: " + e.getMessage());
        }
        if (manifest.edgeId() != edgeId) {
            throw new VerificationException("the manifest is for edge " + manifest.edgeId() + ", not this edge (" + edgeId + ")");
        }
        if (manifest.expiresAt() != null && manifest.expiresAt().isBefore(now)) {
            throw new VerificationException("the manifest expired at " + manifest.expiresAt());
        }
        return manifest;
    }

    /** Size and SHA-256 of the downloaded file against the signed manifest. */
    static void verifyArtifact(ModelManifest manifest, Path artifact) throws IOException, VerificationException {
        long size = Files.size(artifact);
        if (size != manifest.sizeBytes()) {
            throw new VerificationException("the artifact is " + size + " bytes; the manifest says " + manifest.sizeBytes());
        }
        String actual = sha256(artifact);
        if (!actual.equalsIgnoreCase(manifest.sha256())) {
            throw new VerificationException("the artifact's sha256 is " + actual + "; the manifest says " + manifest.sha256());
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
