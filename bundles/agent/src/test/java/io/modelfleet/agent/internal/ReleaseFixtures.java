package io.modelfleet.agent.internal;

import io.modelfleet.testkit.BundleJars;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.modelfleet.api.deployment.AgentManifest;
import io.modelfleet.api.deployment.SignedAgentManifest;

/** Agent release archives and signed agent manifests, built in tests as the server builds them. */
final class ReleaseFixtures {
    private ReleaseFixtures() {
    }

    /** A bundle jar; null values leave the header out. */
    static byte[] bundle(String symbolicName, String version) {
        return BundleJars.bundle(symbolicName, version).entry("readme.txt", "bundle " + symbolicName).toBytes();
    }

    /** A zip of these entries, in this order. */
    static byte[] archive(Map<String, byte[]> entries) {
        return BundleJars.zip(entries);
    }

    /** A release of one bundle, {@code io.modelfleet.agent} at {@code bundleVersion}, with its properties. */
    static byte[] agentRelease(String version, String bundleVersion) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("release.properties", ("version=" + version + "\n").getBytes(StandardCharsets.UTF_8));
        entries.put("io.modelfleet.agent.jar", bundle("io.modelfleet.agent", bundleVersion));
        return archive(entries);
    }

    static AgentManifest manifest(long updateId, long edgeId, String version, byte[] archive, Instant now)
            throws GeneralSecurityException {
        return new AgentManifest(updateId, edgeId, 1, version, sha256(archive), archive.length,
                AgentManifest.artifactPath(updateId), now, now.plusSeconds(24 * 3600));
    }

    static SignedAgentManifest sign(AgentManifest manifest, KeyPair key) throws GeneralSecurityException {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key.getPrivate());
        signer.update(manifest.canonicalBytes());
        return new SignedAgentManifest(manifest, Base64.getEncoder().encodeToString(signer.sign()));
    }

    static String sha256(byte[] bytes) throws GeneralSecurityException {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
