package io.modelfleet.api.deployment;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The server's Ed25519 key: signs manifests for edges that pull their desired state (agents pin the public key at
 * enrollment). One key file shared by replicas.
 */
@ProviderType
public interface ManifestSigning {

    SignedManifest sign(ModelManifest manifest);

    /** Signs an agent release for an agent to install. */
    SignedAgentManifest sign(AgentManifest manifest);

    /** X.509 SubjectPublicKeyInfo, base64. */
    String publicKey();
}
