package io.modelfleet.update.center.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import org.osgi.framework.Version;

/**
 * What a catalog key signs for one release: the plugin id, its version, the feature and the KAR's SHA-256, so a
 * signature cannot be moved to another plugin, version or file. Publishers sign these bytes with Ed25519, e.g.
 * {@code openssl pkeyutl -sign -rawin -inkey catalog.pem -in release.txt | base64 -w0}.
 */
final class ReleaseSignature {
    private static final String ALGORITHM = "Ed25519";

    private ReleaseSignature() {
    }

    static byte[] payload(String pluginId, Version version, String feature, String sha256) {
        return ("modelfleet-plugin-release/1\n" + pluginId + "\n" + version + "\n" + feature + "\n" + sha256 + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    static PublicKey publicKey(String base64) throws UpdateCenterException {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.strip())));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new UpdateCenterException("the configured catalog public key is not an Ed25519 public key "
                    + "(X.509 SubjectPublicKeyInfo, base64)");
        }
    }

    static void verify(PublicKey key, String pluginId, CatalogDocument.Release release) throws UpdateCenterException {
        boolean valid;
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(payload(pluginId, release.version(), release.feature(), release.sha256()));
            valid = verifier.verify(Base64.getDecoder().decode(release.signature()));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            valid = false;
        }
        if (!valid) {
            throw new UpdateCenterException("the catalog's signature of " + pluginId + " " + release.version()
                    + " does not verify with the pinned catalog key; nothing was installed");
        }
    }
}
