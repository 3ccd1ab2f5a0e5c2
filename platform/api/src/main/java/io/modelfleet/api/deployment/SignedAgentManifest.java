package io.modelfleet.api.deployment;

/** An agent manifest and its Ed25519 signature (base64) over {@link AgentManifest#canonicalBytes()}. */
public record SignedAgentManifest(AgentManifest manifest, String signature) {
}
