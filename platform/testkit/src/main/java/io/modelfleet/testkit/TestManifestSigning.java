package io.modelfleet.testkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import io.modelfleet.api.deployment.AgentManifest;
import io.modelfleet.api.deployment.ManifestSigning;
import io.modelfleet.api.deployment.ModelManifest;
import io.modelfleet.api.deployment.SignedAgentManifest;
import io.modelfleet.api.deployment.SignedManifest;

/**
 * The server's {@link ManifestSigning} as deployment targets see it, for target tests: Ed25519 over a model
 * manifest's canonical bytes with a fresh key pair (which {@link #rotate()} replaces), the public key as Base64 X.509,
 * and the checks an edge agent makes. Agent releases are signed by the platform, never by a target: signing one
 * here fails.
 */
public final class TestManifestSigning implements ManifestSigning {
    private volatile KeyPair keys;

    public TestManifestSigning() {
        rotate();
    }

    /** A new key pair, as when the operator rotates the server's signing key. */
    public void rotate() {
        try {
            keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public SignedManifest sign(ModelManifest manifest) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(keys.getPrivate());
            signer.update(manifest.canonicalBytes());
            return new SignedManifest(manifest, Base64.getEncoder().encodeToString(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Targets sign model manifests only; agent releases are the platform's. */
    @Override
    public SignedAgentManifest sign(AgentManifest manifest) {
        throw new UnsupportedOperationException("a deployment target never signs agent releases");
    }

    @Override
    public String publicKey() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    /** Whether the current key signed this manifest. */
    public boolean verifies(SignedManifest signed) throws GeneralSecurityException {
        return verify(publicKey(), signed);
    }

    /** What an agent does with the pinned key: check a signed manifest's signature over its canonical bytes. */
    public static boolean verify(String publicKey, SignedManifest signed) throws GeneralSecurityException {
        return verify(publicKey, signed.manifest().canonicalBytes(), signed.signature());
    }

    /** What an agent does with a manifest read as text (a file, a ConfigMap): check it against the pinned key. */
    public static boolean verify(String publicKey, String manifestText, String signature)
            throws GeneralSecurityException {
        return verify(publicKey, manifestText.getBytes(StandardCharsets.UTF_8), signature);
    }

    private static boolean verify(String publicKey, byte[] data, String signature) throws GeneralSecurityException {
        PublicKey key = KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey)));
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(data);
        return verifier.verify(Base64.getDecoder().decode(signature));
    }
}
