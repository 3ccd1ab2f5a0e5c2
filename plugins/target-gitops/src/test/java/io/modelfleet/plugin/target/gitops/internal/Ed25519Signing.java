package io.modelfleet.plugin.target.gitops.internal;

import java.nio.charset.StandardCharsets;
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

/** The server's signing as the platform does it: Ed25519 over the manifest's canonical bytes. */
final class Ed25519Signing implements ManifestSigning {
    private final KeyPair pair;

    Ed25519Signing() throws GeneralSecurityException {
        this.pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    @Override
    public SignedManifest sign(ModelManifest manifest) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(pair.getPrivate());
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
        return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    }

    /** What an agent does with a manifest read from the repository: check it against the pinned key. */
    static boolean verify(String publicKey, String manifestText, String signature) throws GeneralSecurityException {
        PublicKey key = KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey)));
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(manifestText.getBytes(StandardCharsets.UTF_8));
        return verifier.verify(Base64.getDecoder().decode(signature));
    }
}
