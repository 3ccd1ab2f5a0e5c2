package io.modelfleet.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.Page;
import io.modelfleet.api.PayloadTooLargeException;
import io.modelfleet.api.Validation;
import io.modelfleet.api.agent.AgentBundle;
import io.modelfleet.api.agent.AgentRelease;
import io.modelfleet.api.agent.AgentReleaseService;
import io.modelfleet.api.agent.AgentUpdate;
import io.modelfleet.api.deployment.AgentSettings;
import io.modelfleet.api.deployment.StatusReport;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;
import io.modelfleet.api.spi.storage.ArtifactStore;
import io.modelfleet.persistence.AgentReleaseStore;
import io.modelfleet.persistence.EdgeStore;

/**
 * Agent releases: archives checked on upload (a zip of bundle jars, every one a bundle, names and sizes bounded) and
 * stored in the artifact store under a key of their own (the version is part of it).
 */
@Component(service = AgentReleaseService.class)
public final class AgentReleaseServiceImpl implements AgentReleaseService {
    static final String PROPERTIES = "release.properties";
    /** What a release archive may unpack to: bounds a zip bomb while reading every jar's manifest and digest. */
    static final long MAX_UNPACKED_BYTES = 1024L * 1024 * 1024;
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}");
    /** Names of the agent's own files in its releases folder, where each release gets a folder named by version. */
    private static final Set<String> RESERVED = Set.of("state.properties", "state.properties.part", "restart",
            "trial-started");
    private static final Pattern JAR_NAME = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,199}\\.jar");
    private static final int MAX_NOTES = 2048;
    private static final int MAX_LIST = 500;
    private static final int MAX_HISTORY = 500;
    private static final String RELEASE = "agent-release";

    private final AgentReleaseStore store;
    private final EdgeStore edges;
    private final ArtifactStore artifacts;
    private final AuditLog audit;
    private final Clock clock;
    private final long maxArchiveBytes;

    @Activate
    public AgentReleaseServiceImpl(@Reference AgentReleaseStore store, @Reference EdgeStore edges,
            @Reference ArtifactStore artifacts, @Reference AuditLog audit) {
        this(store, edges, artifacts, audit, Clock.systemUTC(), MAX_ARCHIVE_BYTES);
    }

    AgentReleaseServiceImpl(AgentReleaseStore store, EdgeStore edges, ArtifactStore artifacts, AuditLog audit,
            Clock clock, long maxArchiveBytes) {
        this.maxArchiveBytes = maxArchiveBytes;
        this.store = store;
        this.edges = edges;
        this.artifacts = artifacts;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public AgentRelease upload(String version, String notes, InputStream archive, String actor) {
        if (archive == null) {
            throw new InvalidInputException("the body must be the release archive (a zip of bundle jars)");
        }
        Path file = null;
        try {
            file = Files.createTempFile("modelfleet-agent-release", ".zip");
            long size = copyBounded(archive, file);
            if (size == 0) {
                throw new InvalidInputException("the release archive is empty");
            }
            Contents contents = read(file);
            String releaseVersion = version != null && !version.isBlank() ? version.trim() : contents.version();
            if (releaseVersion == null) {
                throw new InvalidInputException("name the release version: a version parameter, or version= in "
                        + PROPERTIES + " inside the archive", java.util.Map.of("version", "is required"));
            }
            if (!VERSION.matcher(releaseVersion).matches() || RESERVED.contains(releaseVersion)) {
                throw new InvalidInputException("version '" + releaseVersion + "' is not a release version: letters, "
                        + "digits, '.', '+', '_' and '-', at most 64, starting with a letter or digit",
                        java.util.Map.of("version", "is not a release version"));
            }
            String releaseNotes = Validation.optional("notes", notes != null && !notes.isBlank() ? notes : contents.notes(),
                    MAX_NOTES);
            String sha256 = sha256(file);
            artifacts.put(key(releaseVersion, sha256), file);
            AgentRelease release = store.insert(releaseVersion, sha256, size, contents.bundles(), releaseNotes, actor,
                    clock.instant());
            audit.record(actor, "agent-release.upload", RELEASE, Long.toString(release.id()), releaseVersion + " sha256="
                    + sha256 + " size=" + size + " bundles=" + contents.bundles().size());
            return release;
        } catch (IOException e) {
            throw new IllegalStateException("the release archive could not be stored: " + e.getMessage(), e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // a temp file left behind is the OS's to clean
                }
            }
        }
    }

    private static String key(String version, String sha256) {
        return "agent-releases/" + version + "-" + sha256 + ".zip";
    }

    private long copyBounded(InputStream in, Path file) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0;) {
                total += n;
                if (total > maxArchiveBytes) {
                    throw new PayloadTooLargeException("the release archive is larger than the limit of "
                            + maxArchiveBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    record Contents(String version, String notes, List<AgentBundle> bundles) {
    }

    /** Every entry a top-level jar that is a bundle (or the properties file); nothing else gets in. */
    static Contents read(Path file) throws IOException {
        List<AgentBundle> bundles = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Properties properties = new Properties();
        long unpacked = 0;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.size() > MAX_BUNDLES + 1) {
                throw new InvalidInputException("the release archive has " + zip.size() + " entries; a release holds at most "
                        + MAX_BUNDLES + " bundles");
            }
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                String name = entry.getName();
                if (entry.isDirectory() || name.contains("/") || name.contains("\\")) {
                    throw new InvalidInputException("the release archive holds '" + name + "'; bundles go at its top "
                            + "level, without folders");
                }
                if (name.equals(PROPERTIES)) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        byte[] text = in.readNBytes(64 * 1024 + 1);
                        if (text.length > 64 * 1024) {
                            throw new InvalidInputException(PROPERTIES + " is larger than 64 KiB");
                        }
                        properties.load(new StringReader(new String(text, StandardCharsets.UTF_8)));
                    }
                    continue;
                }
                if (!JAR_NAME.matcher(name).matches()) {
                    throw new InvalidInputException("the release archive holds '" + name + "'; it may hold bundle jars "
                            + "(*.jar, plain names) and " + PROPERTIES + " only");
                }
                AgentBundle bundle = bundle(zip, entry, MAX_UNPACKED_BYTES - unpacked);
                unpacked += bundle.sizeBytes();
                if (!names.add(bundle.symbolicName())) {
                    throw new InvalidInputException("the release archive holds bundle " + bundle.symbolicName()
                            + " twice; a release carries one version of each bundle");
                }
                bundles.add(bundle);
            }
        } catch (ZipException e) {
            throw new InvalidInputException("the release archive is not a readable zip file: " + e.getMessage());
        }
        if (bundles.isEmpty()) {
            throw new InvalidInputException("the release archive holds no bundle jar");
        }
        if (bundles.size() > MAX_BUNDLES) {
            throw new InvalidInputException("the release archive holds " + bundles.size() + " bundles; a release holds at most "
                    + MAX_BUNDLES);
        }
        bundles.sort(java.util.Comparator.comparing(AgentBundle::symbolicName));
        return new Contents(blankToNull(properties.getProperty("version")), blankToNull(properties.getProperty("notes")),
                bundles);
    }

    private static AgentBundle bundle(ZipFile zip, ZipEntry entry, long budget) throws IOException {
        MessageDigest digest = digest();
        Manifest manifest;
        try (DigestInputStream digesting = new DigestInputStream(zip.getInputStream(entry), digest);
                JarInputStream jar = new JarInputStream(new BoundedInputStream(digesting, budget, entry.getName()))) {
            manifest = jar.getManifest();
            // the rest of the jar counts for its digest and size
            jar.transferTo(OutputStream.nullOutputStream());
            while (jar.getNextJarEntry() != null) {
                jar.transferTo(OutputStream.nullOutputStream());
            }
            digesting.transferTo(OutputStream.nullOutputStream());
        } catch (ZipException e) {
            throw new InvalidInputException(entry.getName() + " is not a readable jar: " + e.getMessage());
        }
        if (manifest == null) {
            throw new InvalidInputException(entry.getName() + " has no manifest, so it is not a bundle");
        }
        Attributes main = manifest.getMainAttributes();
        String symbolicName = main.getValue("Bundle-SymbolicName");
        String version = main.getValue("Bundle-Version");
        if (symbolicName == null || symbolicName.isBlank()) {
            throw new InvalidInputException(entry.getName() + " has no Bundle-SymbolicName, so it is not a bundle");
        }
        if (version == null || version.isBlank()) {
            throw new InvalidInputException(entry.getName() + " has no Bundle-Version; agents install versioned bundles only");
        }
        int directive = symbolicName.indexOf(';');
        symbolicName = (directive < 0 ? symbolicName : symbolicName.substring(0, directive)).trim();
        return new AgentBundle(symbolicName, version.trim(),
                HexFormat.of().formatHex(digest.digest()), entry.getSize());
    }

    /** Counts what a jar unpacks to, so a crafted archive cannot make the server read without end. */
    private static final class BoundedInputStream extends java.io.FilterInputStream {
        private final String name;
        private long remaining;

        BoundedInputStream(InputStream in, long budget, String name) {
            super(in);
            this.remaining = budget;
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                spend(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                spend(n);
            }
            return n;
        }

        private void spend(long n) {
            remaining -= n;
            if (remaining < 0) {
                throw new PayloadTooLargeException("the release archive unpacks to more than " + MAX_UNPACKED_BYTES
                        + " bytes (at " + name + ")");
            }
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public AgentRelease get(long id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("agent release " + id + " does not exist"));
    }

    @Override
    public Page<AgentRelease> list(int limit, long offset) {
        if (limit < 1 || limit > MAX_LIST) {
            throw new InvalidInputException("limit must be between 1 and " + MAX_LIST + ", was " + limit);
        }
        if (offset < 0) {
            throw new InvalidInputException("offset must not be negative, was " + offset);
        }
        return store.list(limit, offset);
    }

    @Override
    public InputStream openArchive(long id, long offset) {
        AgentRelease release = get(id);
        try {
            return artifacts.open(key(release.version(), release.sha256()), offset);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("the archive of agent release " + release.version() + " is missing from the artifact store");
        } catch (IOException e) {
            throw new IllegalStateException("the archive of agent release " + release.version() + " cannot be read", e);
        }
    }

    @Override
    public AgentUpdate getUpdate(long updateId) {
        return store.findUpdate(updateId)
                .orElseThrow(() -> new NotFoundException("agent update " + updateId + " does not exist"));
    }

    @Override
    public List<AgentUpdate> forEdge(long edgeId, int limit) {
        if (limit < 1 || limit > MAX_HISTORY) {
            throw new InvalidInputException("limit must be between 1 and " + MAX_HISTORY + ", was " + limit);
        }
        requireEdge(edgeId);
        return store.forEdge(edgeId, limit);
    }

    @Override
    public AgentUpdate reportStatus(long edgeId, long updateId, StatusReport report) {
        if (!store.updateStatus(edgeId, updateId, report.status(), report.detail(), clock.instant())) {
            throw new NotFoundException("agent update " + updateId + " is not one of this edge's");
        }
        if (report.status() == EdgeDeploymentStatus.FAILED || report.status() == EdgeDeploymentStatus.ROLLED_BACK) {
            audit.record("edge:" + edgeId, "agent-update." + report.status().name().toLowerCase(Locale.ROOT),
                    "agent-update", Long.toString(updateId), report.detail());
        }
        return getUpdate(updateId);
    }

    @Override
    public AgentSettings fleetSettings() {
        return store.fleetSettings();
    }

    @Override
    public void setFleetSettings(AgentSettings settings, String actor) {
        store.setFleetSettings(settings, actor, clock.instant());
        audit.record(actor, "agent-settings.fleet", "fleet", "0", settings == null || settings.isEmpty() ? "cleared"
                : settings.text());
    }

    @Override
    public AgentSettings edgeSettings(long edgeId) {
        requireEdge(edgeId);
        return store.edgeSettings(edgeId);
    }

    @Override
    public void setEdgeSettings(long edgeId, AgentSettings settings, String actor) {
        requireEdge(edgeId);
        store.setEdgeSettings(edgeId, settings, actor, clock.instant());
        audit.record(actor, "agent-settings.edge", "edge", Long.toString(edgeId), settings == null || settings.isEmpty()
                ? "cleared" : settings.text());
    }

    private void requireEdge(long edgeId) {
        edges.findEdge(edgeId, clock.instant())
                .orElseThrow(() -> new NotFoundException("edge " + edgeId + " does not exist"));
    }
}
