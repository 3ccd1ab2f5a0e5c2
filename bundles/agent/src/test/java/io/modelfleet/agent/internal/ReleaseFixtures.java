package io.modelfleet.agent.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.modelfleet.api.deployment.AgentManifest;
import io.modelfleet.api.deployment.SignedAgentManifest;

/** Agent release archives and signed agent manifests, built in tests as the server builds them. */
final class ReleaseFixtures {
    private ReleaseFixtures() {
    }

    /** A bundle jar; null values leave the header out. */
    static byte[] bundle(String symbolicName, String version) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        if (symbolicName != null) {
            main.putValue("Bundle-SymbolicName", symbolicName);
        }
        if (version != null) {
            main.putValue("Bundle-Version", version);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new JarEntry("readme.txt"));
            jar.write(("bundle " + symbolicName).getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    /** A zip of these entries, in this order. */
    static byte[] archive(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
            }
        }
        return bytes.toByteArray();
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
