package io.modelfleet.plugin.target.kubernetes.internal;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import io.modelfleet.api.deployment.ManifestSigning;
import io.modelfleet.api.deployment.ModelManifest;
import io.modelfleet.api.deployment.SignedManifest;

/** The server's signer as the platform implements it: Ed25519 over the canonical bytes. */
final class TestSigning implements ManifestSigning {
    private KeyPair keys;

    TestSigning() {
        rotate();
    }

    void rotate() {
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
    public io.modelfleet.api.deployment.SignedAgentManifest sign(io.modelfleet.api.deployment.AgentManifest manifest) {
        throw new UnsupportedOperationException("a deployment target never signs agent releases");
    }

    @Override
    public String publicKey() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    /** What the agent does with the key file it reads. */
    static boolean verify(String publicKeyBase64, SignedManifest signed) throws GeneralSecurityException {
        PublicKey key = KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKeyBase64)));
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(signed.manifest().canonicalBytes());
        return verifier.verify(Base64.getDecoder().decode(signed.signature()));
    }
}
