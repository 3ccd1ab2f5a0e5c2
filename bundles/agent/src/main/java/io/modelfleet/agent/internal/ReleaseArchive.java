package io.modelfleet.agent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.osgi.framework.Version;

import io.modelfleet.api.agent.AgentReleaseService;

/**
 * Unpacks an agent release archive (verified against its signed manifest already) into a folder, letting in only
 * what the launcher may install: bundle jars at the archive's top level, each with a Bundle-SymbolicName and a
 * Bundle-Version and no symbolic name twice, and an optional {@value #PROPERTIES}. The signature vouches for the
 * server, not for the archive being sane, so names, entry count and unpacked size are bounded here as well.
 */
final class ReleaseArchive {
    static final String PROPERTIES = "release.properties";
    static final int MAX_BUNDLES = AgentReleaseService.MAX_BUNDLES;
    static final long MAX_UNPACKED_BYTES = 1L << 30;
    private static final int MAX_PROPERTIES_BYTES = 64 * 1024;
    /** As the server accepts them: a plain file name, so nothing can land outside the release's folder. */
    private static final Pattern JAR_NAME = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,199}\\.jar");

    /** The archive is not a release this agent can install; the message says why. */
    static final class RejectedException extends Exception {
        private static final long serialVersionUID = 1L;

        RejectedException(String message) {
            super(message);
        }
    }

    /** A bundle of the release. */
    record Bundle(String fileName, String symbolicName, String version) {
    }

    private ReleaseArchive() {
    }

    /**
     * Unpacks {@code archive} into {@code target} (created; the caller deletes it when this throws).
     *
     * @return the bundles, in archive order
     */
    static List<Bundle> unpack(Path archive, Path target) throws IOException, RejectedException {
        return unpack(archive, target, MAX_UNPACKED_BYTES);
    }

    static List<Bundle> unpack(Path archive, Path target, long maxUnpackedBytes) throws IOException, RejectedException {
        List<Bundle> bundles = new ArrayList<>();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            if (zip.size() > MAX_BUNDLES + 1) {
                throw new RejectedException("it has " + zip.size() + " entries; a release holds at most " + MAX_BUNDLES
                        + " bundles and " + PROPERTIES);
            }
            Files.createDirectories(target);
            Set<String> names = new HashSet<>();
            Set<String> symbolicNames = new HashSet<>();
            long budget = maxUnpackedBytes;
            for (ZipEntry entry : Collections.list(zip.entries())) {
                String name = entry.getName();
                if (entry.isDirectory() || name.contains("/") || name.contains("\\")) {
                    throw new RejectedException("it holds '" + name + "'; bundles go at its top level, without folders");
                }
                if (!name.equals(PROPERTIES) && !JAR_NAME.matcher(name).matches()) {
                    throw new RejectedException("it holds '" + name + "'; a release holds bundle jars (*.jar, plain "
                            + "names) and " + PROPERTIES + " only");
                }
                if (!names.add(name)) {
                    throw new RejectedException("it holds '" + name + "' twice");
                }
                Path file = target.resolve(name);
                boolean properties = name.equals(PROPERTIES);
                long limit = properties ? Math.min(budget, MAX_PROPERTIES_BYTES) : budget;
                long size;
                try (InputStream in = zip.getInputStream(entry)) {
                    size = copy(in, file, limit);
                }
                if (size > limit) {
                    throw new RejectedException(properties && limit == MAX_PROPERTIES_BYTES
                            ? PROPERTIES + " is larger than " + MAX_PROPERTIES_BYTES / 1024 + " KiB"
                            : "it unpacks to more than " + maxUnpackedBytes + " bytes (at " + name + ")");
                }
                budget -= size;
                if (!name.equals(PROPERTIES)) {
                    Bundle bundle = bundle(file, name);
                    if (!symbolicNames.add(bundle.symbolicName())) {
                        throw new RejectedException("it holds bundle " + bundle.symbolicName() + " twice");
                    }
                    bundles.add(bundle);
                }
            }
        } catch (ZipException e) {
            throw new RejectedException("it is not a readable zip file: " + e.getMessage());
        }
        if (bundles.isEmpty()) {
            throw new RejectedException("it holds no bundle jar");
        }
        return bundles;
    }

    /**
     * Copies at most {@code limit} bytes, counting what is really read (a zip's declared sizes can lie); returns the
     * size, or {@code limit + 1} when there was more.
     */
    private static long copy(InputStream in, Path file, long limit) throws IOException {
        long copied = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int n; (n = in.read(buffer)) > 0;) {
                if (copied + n > limit) {
                    return limit + 1;
                }
                copied += n;
                out.write(buffer, 0, n);
            }
        }
        return copied;
    }

    private static Bundle bundle(Path jar, String name) throws IOException, RejectedException {
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            manifest = file.getManifest();
        } catch (ZipException e) {
            throw new RejectedException(name + " is not a readable jar: " + e.getMessage());
        }
        Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
        String symbolicName = main.getValue("Bundle-SymbolicName");
        String version = main.getValue("Bundle-Version");
        if (symbolicName == null || symbolicName.isBlank()) {
            throw new RejectedException(name + " has no Bundle-SymbolicName, so it is not a bundle");
        }
        if (version == null || version.isBlank()) {
            throw new RejectedException(name + " has no Bundle-Version; a release names the version of each bundle");
        }
        try {
            Version.parseVersion(version.trim());
        } catch (IllegalArgumentException e) {
            throw new RejectedException(name + " has Bundle-Version '" + version.trim() + "', which is no OSGi version");
        }
        int directives = symbolicName.indexOf(';');
        return new Bundle(name, (directives < 0 ? symbolicName : symbolicName.substring(0, directives)).trim(),
                version.trim());
    }
}
