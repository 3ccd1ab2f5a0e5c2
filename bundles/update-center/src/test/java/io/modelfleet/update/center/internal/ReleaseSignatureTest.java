package io.modelfleet.update.center.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

class ReleaseSignatureTest {
    private static final String SHA = "0123456789abcdef".repeat(4);

    private static KeyPair keys() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    private static String sign(KeyPair keys, String id, String version, String feature, String sha) throws Exception {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(keys.getPrivate());
        signer.update(ReleaseSignature.payload(id, Version.parseVersion(version), feature, sha));
        return Base64.getEncoder().encodeToString(signer.sign());
    }

    private static CatalogDocument.Release release(String version, String feature, String sha, String signature) {
        return new CatalogDocument.Release(Version.parseVersion(version), new VersionRange("[0,1)"),
                URI.create("file:/x.kar"), feature, sha, signature);
    }

    private static PublicKey pinned(KeyPair keys) throws Exception {
        return ReleaseSignature.publicKey(Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));
    }

    @Test
    void aReleaseVerifiesOnlyAsSignedAndOnlyWithThePinnedKey() throws Exception {
        KeyPair catalog = keys();
        String signature = sign(catalog, "echo", "1.0.0", "modelfleet-echo", SHA);
        PublicKey key = pinned(catalog);
        assertDoesNotThrow(() -> ReleaseSignature.verify(key, "echo", release("1.0.0", "modelfleet-echo", SHA, signature)));
        // the signature cannot be moved to another plugin, version, feature or file
        assertThrows(UpdateCenterException.class, () -> ReleaseSignature.verify(key, "other", release("1.0.0", "modelfleet-echo", SHA, signature)));
        assertThrows(UpdateCenterException.class, () -> ReleaseSignature.verify(key, "echo", release("1.0.1", "modelfleet-echo", SHA, signature)));
        assertThrows(UpdateCenterException.class, () -> ReleaseSignature.verify(key, "echo", release("1.0.0", "modelfleet-other", SHA, signature)));
        assertThrows(UpdateCenterException.class, () -> ReleaseSignature.verify(key, "echo",
                release("1.0.0", "modelfleet-echo", SHA.replace('0', '1'), signature)));
        String refused = assertThrows(UpdateCenterException.class, () -> ReleaseSignature.verify(pinned(keys()), "echo",
                release("1.0.0", "modelfleet-echo", SHA, signature))).getMessage();
        assertTrue(refused.contains("does not verify with the pinned catalog key"), refused);
        assertThrows(UpdateCenterException.class, () -> ReleaseSignature.verify(key, "echo", release("1.0.0", "modelfleet-echo", SHA, "%%%")));
    }

    @Test
    void aConfiguredKeyThatIsNotEd25519IsRefusedInWords() throws Exception {
        String rsa = Base64.getEncoder().encodeToString(KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic().getEncoded());
        for (String configured : new String[] { "not base64!", "AAAA", rsa }) {
            String refused = assertThrows(UpdateCenterException.class, () -> ReleaseSignature.publicKey(configured)).getMessage();
            assertTrue(refused.contains("not an Ed25519 public key"), refused);
        }
    }
}
