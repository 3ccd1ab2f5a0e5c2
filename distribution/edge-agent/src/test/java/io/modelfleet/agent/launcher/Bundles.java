package io.modelfleet.agent.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Bundle jars built in tests. */
final class Bundles {
    private Bundles() {
    }

    /** A bundle with these headers (pairs of name and value) besides its symbolic name and version. */
    static Path write(Path jar, String symbolicName, String version, String... headers) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        for (int i = 0; i < headers.length; i += 2) {
            main.putValue(headers[i], headers[i + 1]);
        }
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("readme.txt"));
            out.write(symbolicName.getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    /** A copy of {@code source} whose manifest says {@code Bundle-Version: version}, as a new release of it. */
    static Path withVersion(Path source, Path copy, String version) throws IOException {
        Files.createDirectories(copy.getParent());
        try (JarInputStream in = new JarInputStream(Files.newInputStream(source));
                OutputStream file = Files.newOutputStream(copy)) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            try (JarOutputStream out = new JarOutputStream(file, manifest)) {
                for (JarEntry entry; (entry = in.getNextJarEntry()) != null;) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(out);
                }
            }
        }
        return copy;
    }
}
