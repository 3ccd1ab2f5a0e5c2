package io.modelfleet.api.deployment;

/** A manifest and its Ed25519 signature (base64) over {@link ModelManifest#canonicalBytes()}. */
public record SignedManifest(ModelManifest manifest, String signature) {
}
