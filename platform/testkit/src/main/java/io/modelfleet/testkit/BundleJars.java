package io.modelfleet.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Jars and zips built in memory for tests: a bundle jar with the OSGi headers (or a plain jar), and a zip of named
 * entries (an agent release archive of such jars). Enforces nothing: tests build broken archives on purpose.
 */
public final class BundleJars {
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, byte[]> entries = new LinkedHashMap<>();

    private BundleJars() {
    }

    /** A jar with only {@code Manifest-Version}: no bundle headers. */
    public static BundleJars plainJar() {
        return new BundleJars();
    }

    /**
     * A bundle jar: {@code Bundle-ManifestVersion: 2}, and {@code Bundle-SymbolicName} and {@code Bundle-Version}
     * unless null (a broken bundle).
     */
    public static BundleJars bundle(String symbolicName, String version) {
        BundleJars jar = new BundleJars().header("Bundle-ManifestVersion", "2");
        if (symbolicName != null) {
            jar.header("Bundle-SymbolicName", symbolicName);
        }
        if (version != null) {
            jar.header("Bundle-Version", version);
        }
        return jar;
    }

    /** Adds (or replaces) a main manifest header. */
    public BundleJars header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Adds an entry, after those added before. */
    public BundleJars entry(String name, byte[] content) {
        entries.put(name, content);
        return this;
    }

    public BundleJars entry(String name, String text) {
        return entry(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The jar: its manifest first, then the entries in the order added. */
    public byte[] toBytes() {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach(main::putValue);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                jar.putNextEntry(new ZipEntry(entry.getKey()));
                jar.write(entry.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A zip of these entries, in the map's order (use a LinkedHashMap for a given order). */
    public static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
