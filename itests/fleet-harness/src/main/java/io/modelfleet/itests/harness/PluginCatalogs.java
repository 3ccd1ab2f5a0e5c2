package io.modelfleet.itests.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Plugin catalogs and KARs as a publisher makes them (see docs/plugins.md): a folder with catalog.json and the KARs
 * it lists, each release signed with the catalog's Ed25519 key over what the update center verifies.
 */
public final class PluginCatalogs {
    /** The ModelFleet test plugin (a solution type "itest-echo") in the local Maven repository. */
    public static final String TEST_PLUGIN_BSN = "io.modelfleet.itests.testplugin";

    private final Path folder;
    private final KeyPair key;
    private final Map<String, Map<String, Object>> plugins = new LinkedHashMap<>();

    public PluginCatalogs(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
        try {
            this.key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 has Ed25519", e);
        }
    }

    public Path folder() {
        return folder;
    }

    /** The value of the server's {@code catalogPublicKey}. */
    public String publicKey() {
        return Base64.getEncoder().encodeToString(key.getPublic().getEncoded());
    }

    /** Adds a release whose KAR is {@code kar}, signed for {@code signedSha256} (the KAR's own unless a test lies). */
    public PluginCatalogs release(String id, String kind, String name, String version, String platform, String feature,
            byte[] kar, String signedSha256, KeyPair signer) throws IOException {
        String file = id + "-" + version + ".kar";
        Files.write(folder.resolve(file), kar);
        Map<String, Object> plugin = plugins.computeIfAbsent(id, ignored -> new TreeMap<>(Map.of("id", id, "kind", kind,
                "name", name, "description", name + " (test plugin)", "versions", new ArrayList<Map<String, Object>>())));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> versions = (List<Map<String, Object>>) plugin.get("versions");
        versions.add(new TreeMap<>(Map.of("version", version, "platform", platform, "kar", file, "feature", feature,
                "sha256", signedSha256, "signature", sign(signer == null ? key : signer, id, version, feature, signedSha256))));
        return this;
    }

    /** A correctly signed release for platform versions [0.1,1). */
    public PluginCatalogs release(String id, String kind, String name, String version, String feature, byte[] kar)
            throws IOException {
        return release(id, kind, name, version, "[0.1,1)", feature, kar, sha256(kar), null);
    }

    /** Sets the description a plugin added before is listed with. */
    public PluginCatalogs describe(String id, String description) {
        plugins.get(id).put("description", description);
        return this;
    }

    /** Writes catalog.json. */
    public Path write() throws IOException {
        Path index = folder.resolve("catalog.json");
        Files.writeString(index, Api.JSON.writeValueAsString(Map.of("formatVersion", 1, "plugins", List.copyOf(plugins.values()))));
        return index;
    }

    /** What the update center verifies (ReleaseSignature): id, OSGi version, feature and SHA-256, one per line. */
    public static String sign(KeyPair signer, String id, String version, String feature, String sha256) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(signer.getPrivate());
            signature.update(("modelfleet-plugin-release/1\n" + id + "\n" + version + "\n" + feature + "\n" + sha256 + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A KAR of the test plugin as {@code version} with feature {@code feature} naming it. */
    public static byte[] testPluginKar(String feature, String version) throws IOException {
        return kar(feature, version, "io.modelfleet.itest", "echo-plugin", withBundleVersion(testPluginJar(), version));
    }

    /** A plugin KAR: one bundle in a Maven repository and a feature repository naming it. */
    public static byte[] kar(String feature, String version, String groupId, String artifactId, byte[] bundle)
            throws IOException {
        String path = "repository/" + groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/";
        String features = "<features name=\"" + feature + "-" + version + "\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">\n"
                + "  <feature name=\"" + feature + "\" version=\"" + version + "\">\n"
                + "    <bundle>mvn:" + groupId + "/" + artifactId + "/" + version + "</bundle>\n"
                + "  </feature>\n</features>\n";
        Map<String, byte[]> entries = new TreeMap<>();
        entries.put(path + artifactId + "-" + version + ".jar", bundle);
        entries.put(path + artifactId + "-" + version + "-features.xml", features.getBytes(StandardCharsets.UTF_8));
        return zip(entries);
    }

    public static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : new TreeMap<>(entries).entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** The test plugin bundle as the build installed it in the local Maven repository. */
    public static byte[] testPluginJar() throws IOException {
        String version = Processes.version();
        return Files.readAllBytes(Processes.localRepository().resolve("io/modelfleet/io.modelfleet.itests.testplugin/" + version
                + "/io.modelfleet.itests.testplugin-" + version + ".jar"));
    }

    /** {@code bundle} with its Bundle-Version replaced (and, with it, which version Karaf sees). */
    public static byte[] withBundleVersion(byte[] bundle, String version) throws IOException {
        return rewrite(bundle, attributes -> attributes.put(new Attributes.Name("Bundle-Version"), version));
    }

    /** {@code bundle} importing a package no one exports: it installs but never resolves. */
    public static byte[] unresolvable(byte[] bundle) throws IOException {
        return rewrite(bundle, attributes -> attributes.put(new Attributes.Name("Import-Package"),
                attributes.getValue("Import-Package") + ",io.modelfleet.nowhere;version=\"[1,2)\""));
    }

    private static byte[] rewrite(byte[] bundle, java.util.function.Consumer<Attributes> change) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new java.io.ByteArrayInputStream(bundle); JarInputStream jar = new JarInputStream(in)) {
            Manifest manifest = jar.getManifest();
            change.accept(manifest.getMainAttributes());
            try (JarOutputStream copy = new JarOutputStream(out, manifest)) {
                for (JarEntry entry; (entry = jar.getNextJarEntry()) != null;) {
                    copy.putNextEntry(new JarEntry(entry.getName()));
                    jar.transferTo(copy);
                    copy.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }
}
