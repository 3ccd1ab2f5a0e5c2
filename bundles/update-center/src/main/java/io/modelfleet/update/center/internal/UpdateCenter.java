package io.modelfleet.update.center.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import org.apache.karaf.features.FeaturesService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.PayloadTooLargeException;
import io.modelfleet.api.UnavailableException;
import io.modelfleet.api.plugin.CatalogPlugin;
import io.modelfleet.api.plugin.CatalogRelease;
import io.modelfleet.api.plugin.InstalledPlugin;
import io.modelfleet.api.plugin.PluginCatalog;
import io.modelfleet.api.plugin.PluginCatalogService;
import io.modelfleet.api.plugin.PluginOperation;
import io.modelfleet.api.plugin.PluginOperation.Action;
import io.modelfleet.api.plugin.PluginOperation.State;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.update.center.internal.Installations.Installation;

/**
 * The update center. Operations run one at a time on one thread, in the order asked: Karaf's FeaturesService
 * serialises deployments anyway, and one at a time keeps "what is installed" simple to reason about.
 * <p>
 * A catalog release is installed only after its signature verifies with the pinned key (before anything is
 * downloaded) and the downloaded KAR's SHA-256 matches the signed one. The KAR's repository is extracted under
 * {@code data/kar/} (where Karaf's Maven resolver looks for KAR contents) and its feature installed with no refresh
 * of other bundles. An update replaces the older version in the same deployment; when a new version does not start,
 * the one before it is installed again.
 */
@Component(service = PluginCatalogService.class, configurationPid = "io.modelfleet.update.center")
@Designate(ocd = UpdateCenterConfiguration.class)
public final class UpdateCenter implements PluginCatalogService {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateCenter.class);
    private static final int KEPT_OPERATIONS = 100;
    private static final long MAX_CATALOG_BYTES = 8L * 1024 * 1024;
    private static final String UPDATE_CENTER = "update-center";

    private final UpdateCenterConfiguration config;
    private final KarafFeatures karaf;
    private final AuditLog audit;
    private final Download download;
    private final Installations installations;
    private final Path karRoot;
    private final Path work;
    private final Version platformVersion;
    private final Clock clock = Clock.systemUTC();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "modelfleet-update-center");
        thread.setDaemon(true);
        return thread;
    });
    private final Deque<Operation> operations = new ArrayDeque<>();

    @Activate
    public UpdateCenter(UpdateCenterConfiguration config, BundleContext context, @Reference FeaturesService features,
            @Reference AuditLog audit) throws IOException {
        this.config = config;
        this.karaf = new KarafFeatures(features, context);
        this.audit = audit;
        this.download = new Download(Duration.ofSeconds(Math.max(1, config.downloadTimeoutSeconds())));
        Path data = Path.of(Optional.ofNullable(context.getProperty("karaf.data")).orElse("data"));
        this.karRoot = data.resolve("kar");
        this.work = data.resolve(UPDATE_CENTER);
        Files.createDirectories(work);
        this.installations = new Installations(work.resolve("installed.json"));
        Version api = FrameworkUtil.getBundle(PluginCatalogService.class).getVersion();
        this.platformVersion = new Version(api.getMajor(), api.getMinor(), api.getMicro());
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
    }

    @Override
    public PluginCatalog catalog() {
        CatalogDocument document = readCatalog();
        List<CatalogPlugin> plugins = new ArrayList<>();
        for (CatalogDocument.Entry entry : document.plugins()) {
            List<CatalogRelease> releases = entry.versions().stream().map(release -> new CatalogRelease(
                    release.version().toString(), release.platform().toString(), release.supports(platformVersion),
                    release.kar().toString(), release.feature(), release.sha256())).toList();
            plugins.add(new CatalogPlugin(entry.id(), entry.kind(), entry.name(), entry.description(),
                    installations.get(entry.id()).map(Installation::version).orElse(null), releases));
        }
        return new PluginCatalog(document.location().toString(), platformVersion.toString(), plugins);
    }

    @Override
    public PluginOperation install(String pluginId, String version, String actor) {
        CatalogDocument document = readCatalog();
        CatalogDocument.Entry entry = document.plugin(pluginId)
                .orElseThrow(() -> new NotFoundException("the catalog has no plugin " + pluginId));
        CatalogDocument.Release release;
        if (version == null || version.isBlank()) {
            release = entry.versions().stream().filter(candidate -> candidate.supports(platformVersion)).findFirst()
                    .orElseThrow(() -> new InvalidInputException("no version of " + pluginId
                            + " supports this server's platform version " + platformVersion));
        } else {
            try {
                CatalogDocument.version(version, "the version asked for");
            } catch (UpdateCenterException e) {
                throw new InvalidInputException(e.getMessage());
            }
            release = entry.release(version)
                    .orElseThrow(() -> new NotFoundException("the catalog has no version " + version + " of " + pluginId));
            if (!release.supports(platformVersion)) {
                throw new InvalidInputException(pluginId + " " + release.version() + " supports platform versions "
                        + release.platform() + "; this server is " + platformVersion);
            }
        }
        // the same feature uploaded before under its feature name is this plugin too
        Optional<Installation> installed = installations.get(pluginId).or(() -> installations.byFeature(release.feature()));
        if (installed.isPresent() && Version.parseVersion(installed.get().version()).equals(release.version())) {
            throw new ConflictException(pluginId + " " + release.version() + " is installed already");
        }
        Operation operation = start(installed.isPresent() ? Action.UPDATE : Action.INSTALL, pluginId,
                release.version().toString(), installed.map(Installation::version).orElse(null), actor);
        worker.execute(() -> operation.run(() -> installFromCatalog(operation, entry, release)));
        return operation.view();
    }

    @Override
    public PluginOperation installKar(String fileName, InputStream kar, String actor) {
        String id = UUID.randomUUID().toString();
        Path file = work.resolve("upload-" + id + ".kar");
        Path staging = karRoot.resolve(".staging-" + id);
        try {
            Download.Result received;
            try {
                received = Download.copy(kar, file, config.maxKarBytes(), -1, share -> {
                }, "the uploaded KAR");
            } catch (UpdateCenterException e) {
                throw new PayloadTooLargeException(e.getMessage());
            } catch (IOException e) {
                throw new InvalidInputException("the upload broke off before the whole KAR arrived");
            }
            PluginKar contents = PluginKar.extract(file, staging, 4 * config.maxKarBytes());
            List<PluginKar.KarFeature> auto = contents.features().stream().filter(PluginKar.KarFeature::auto).toList();
            if (auto.size() != 1) {
                throw new UpdateCenterException("the KAR must declare exactly one feature to install (the plugin), "
                        + "with its library features marked install=\"manual\"; it declares "
                        + auto.stream().map(f -> f.name() + "/" + f.version()).toList());
            }
            PluginKar.KarFeature feature = auto.get(0);
            Optional<Installation> installed = installations.byFeature(feature.name());
            String pluginId = installed.map(Installation::id).orElse(feature.name());
            Version version = CatalogDocument.version(feature.version(), "the KAR's feature " + feature.name());
            if (installed.isPresent() && Version.parseVersion(installed.get().version()).equals(version)) {
                throw new ConflictException(pluginId + " " + version + " is installed already");
            }
            Path directory = karRoot.resolve(directoryName(pluginId, version));
            deleteTree(directory);
            Files.move(staging, directory, StandardCopyOption.ATOMIC_MOVE);
            Operation operation = start(installed.isPresent() ? Action.UPDATE : Action.INSTALL, pluginId,
                    version.toString(), installed.map(Installation::version).orElse(null), actor);
            worker.execute(() -> operation.run(() -> deploy(operation, pluginId, version, feature.name(), feature.version(),
                    directory.resolve(feature.repositoryPath()), directory, "upload", received.sha256())));
            return operation.view();
        } catch (UpdateCenterException e) {
            throw new InvalidInputException((fileName == null ? "the upload" : fileName) + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(file);
            deleteQuietly(staging);
        }
    }

    @Override
    public PluginOperation uninstall(String pluginId, String actor) {
        Installation installation = installations.get(pluginId)
                .orElseThrow(() -> new NotFoundException("no plugin " + pluginId + " was installed through the update center"));
        Operation operation = start(Action.UNINSTALL, pluginId, null, installation.version(), actor);
        worker.execute(() -> operation.run(() -> {
            Installation current = installations.get(pluginId)
                    .orElseThrow(() -> new UpdateCenterException(pluginId + " was removed meanwhile"));
            operation.step("removing feature " + current.feature() + "/" + current.featureVersion(), 0.2);
            karaf.uninstall(current.feature(), current.featureVersion());
            operation.step("removing its files", 0.8);
            karaf.removeRepository(URI.create(current.repository()));
            deleteTree(Path.of(current.directory()));
            installations.remove(pluginId);
            audit.record(operation.actor, "plugin.uninstall", "plugin", pluginId, "version " + current.version());
            operation.step("removed " + pluginId + " " + current.version(), 1.0);
        }));
        return operation.view();
    }

    @Override
    public PluginOperation operation(String id) {
        synchronized (operations) {
            return operations.stream().filter(operation -> operation.id.equals(id)).findFirst().map(Operation::view)
                    .orElseThrow(() -> new NotFoundException("no plugin operation " + id));
        }
    }

    @Override
    public List<PluginOperation> operations() {
        synchronized (operations) {
            return operations.stream().map(Operation::view).toList();
        }
    }

    @Override
    public List<InstalledPlugin> installed() {
        return installations.all().stream().map(Installation::view).toList();
    }

    private void installFromCatalog(Operation operation, CatalogDocument.Entry entry, CatalogDocument.Release release)
            throws UpdateCenterException, IOException {
        operation.step("checking the catalog signature", 0.02);
        ReleaseSignature.verify(catalogKey(), entry.id(), release);
        Path file = work.resolve("download-" + operation.id + ".kar");
        try {
            operation.step("downloading " + release.kar(), 0.05);
            Download.Result downloaded = download.fetch(release.kar(), file, config.maxKarBytes(),
                    share -> operation.progress(0.05 + 0.55 * share));
            operation.step("checking the KAR's SHA-256", 0.6);
            if (!downloaded.sha256().equals(release.sha256())) {
                throw new UpdateCenterException("the downloaded KAR's SHA-256 is " + downloaded.sha256()
                        + " but the catalog says " + release.sha256() + "; nothing was installed");
            }
            operation.step("extracting the KAR", 0.65);
            Path directory = karRoot.resolve(directoryName(entry.id(), release.version()));
            deleteTree(directory);
            PluginKar contents = PluginKar.extract(file, directory, 4 * config.maxKarBytes());
            List<PluginKar.KarFeature> matching = contents.features().stream()
                    .filter(feature -> feature.name().equals(release.feature())).toList();
            PluginKar.KarFeature feature = matching.stream()
                    .filter(candidate -> Version.parseVersion(candidate.version()).equals(release.version())).findFirst()
                    .orElse(matching.size() == 1 ? matching.get(0) : null);
            if (feature == null) {
                deleteTree(directory);
                throw new UpdateCenterException("the KAR does not declare feature " + release.feature() + " "
                        + release.version() + " as the catalog says");
            }
            deploy(operation, entry.id(), release.version(), feature.name(), feature.version(),
                    directory.resolve(feature.repositoryPath()), directory, "catalog", downloaded.sha256());
        } finally {
            deleteQuietly(file);
        }
    }

    /**
     * Installs (or upgrades to) an extracted KAR's feature. Another installed version of the same feature, ours or
     * not (a plugin the distribution ships, say), is replaced in the same deployment; when anything fails, what ran
     * before runs again.
     */
    private void deploy(Operation operation, String pluginId, Version version, String feature, String featureVersion,
            Path repositoryFile, Path directory, String source, String sha256) throws UpdateCenterException, IOException {
        Optional<Installation> previous = installations.get(pluginId).or(() -> installations.byFeature(feature));
        URI repository = repositoryFile.toUri();
        List<String> before = karaf.installedVersions(feature);
        boolean installedNew = false;
        try {
            operation.step("adding feature repository", 0.7);
            karaf.addRepository(repository);
            boolean upgrade = before.stream().anyMatch(other -> !other.equals(featureVersion));
            operation.step((upgrade ? "upgrading to " : "installing ") + feature + "/" + featureVersion, 0.75);
            karaf.install(feature, featureVersion, upgrade);
            installedNew = !before.contains(featureVersion);
            operation.step("waiting for the plugin's bundles to start", 0.9);
            karaf.awaitActive(feature, featureVersion, Duration.ofSeconds(Math.max(1, config.startTimeoutSeconds())));
        } catch (UpdateCenterException failure) {
            String restored = rollBack(previous, feature, featureVersion, before, installedNew, repository, directory);
            throw new UpdateCenterException(failure.getMessage() + restored, failure);
        }
        if (previous.isPresent()) {
            Installation old = previous.get();
            if (!old.feature().equals(feature)) {
                karaf.uninstall(old.feature(), old.featureVersion());
            }
            if (!old.repository().equals(repository.toString())) {
                karaf.removeRepository(URI.create(old.repository()));
            }
            if (!old.directory().equals(directory.toString())) {
                deleteTree(Path.of(old.directory()));
            }
            if (!old.id().equals(pluginId)) {
                installations.remove(old.id());
            }
        }
        installations.put(new Installation(pluginId, version.toString(), feature, featureVersion, source, sha256,
                clock.instant(), operation.actor, repository.toString(), directory.toString()));
        audit.record(operation.actor, previous.isPresent() ? "plugin.update" : "plugin.install", "plugin", pluginId,
                (previous.map(old -> "from " + old.version() + " ").orElse("")) + "to " + version + " (" + source
                        + ", sha256 " + sha256 + ")");
        operation.step((previous.isPresent() ? "updated " : "installed ") + pluginId + " " + version, 1.0);
    }

    private String rollBack(Optional<Installation> previous, String feature, String featureVersion, List<String> before,
            boolean installedNew, URI repository, Path directory) {
        try {
            if (installedNew) {
                karaf.uninstall(feature, featureVersion);
            }
            for (String version : before) {
                if (!karaf.installed(feature, version)) {
                    karaf.install(feature, version, false);
                }
            }
            if (previous.isPresent() && !karaf.installed(previous.get().feature(), previous.get().featureVersion())) {
                karaf.install(previous.get().feature(), previous.get().featureVersion(), false);
            }
            if (!repository.toString().equals(previous.map(Installation::repository).orElse(null))) {
                karaf.removeRepository(repository);
            }
            if (previous.map(old -> !old.directory().equals(directory.toString())).orElse(true)) {
                deleteTree(directory);
            }
            return previous.map(old -> "; " + old.id() + " " + old.version() + " runs again")
                    .orElse(before.isEmpty() ? "; nothing was installed" : "; " + feature + " " + before + " runs again");
        } catch (UpdateCenterException | IOException e) {
            LOG.error("Could not undo a failed plugin deployment of {}/{}", feature, featureVersion, e);
            return "; undoing it failed too: " + e.getMessage();
        }
    }

    private CatalogDocument readCatalog() {
        String configured = config.catalogUrl().strip();
        if (configured.isEmpty()) {
            throw new UnavailableException("no plugin catalog is configured (catalogUrl of io.modelfleet.update.center)", 0);
        }
        URI location = catalogLocation(configured);
        try {
            return CatalogDocument.parse(location, download.read(location, MAX_CATALOG_BYTES));
        } catch (UpdateCenterException e) {
            throw new UnavailableException(e.getMessage(), 60);
        }
    }

    /** A URL, or a local path to the index or to the folder that holds catalog.json. */
    static URI catalogLocation(String configured) {
        if (configured.matches("(?i)(https?|file):.*")) {
            return URI.create(configured);
        }
        Path path = Path.of(configured).toAbsolutePath();
        return (Files.isDirectory(path) ? path.resolve("catalog.json") : path).toUri();
    }

    private PublicKey catalogKey() throws UpdateCenterException {
        if (config.catalogPublicKey().isBlank()) {
            throw new UpdateCenterException("no catalog public key is pinned (catalogPublicKey of io.modelfleet.update.center); "
                    + "nothing from the catalog installs without one");
        }
        return ReleaseSignature.publicKey(config.catalogPublicKey());
    }

    private static String directoryName(String pluginId, Version version) {
        return "modelfleet-" + pluginId + "-" + version;
    }

    private Operation start(Action action, String pluginId, String version, String fromVersion, String actor) {
        Operation operation = new Operation(UUID.randomUUID().toString(), action, pluginId, version, fromVersion, actor,
                clock.instant());
        synchronized (operations) {
            operations.addFirst(operation);
            while (operations.size() > KEPT_OPERATIONS) {
                operations.removeLast();
            }
        }
        return operation;
    }

    static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            deleteTree(path);
        } catch (IOException e) {
            LOG.warn("Could not delete {}", path, e);
        }
    }

    /** Work that may fail with a reason for the operator. */
    interface Work {
        void run() throws UpdateCenterException, IOException;
    }

    /** One operation's progress, written by the worker and read by anyone. */
    private final class Operation {
        final String id;
        final Action action;
        final String pluginId;
        final String version;
        final String fromVersion;
        final String actor;
        final Instant startedAt;
        private volatile State state = State.QUEUED;
        private volatile String step = "waiting for the operations before it";
        private volatile double progress;
        private volatile String error;
        private volatile Instant finishedAt;

        Operation(String id, Action action, String pluginId, String version, String fromVersion, String actor, Instant startedAt) {
            this.id = id;
            this.action = action;
            this.pluginId = pluginId;
            this.version = version;
            this.fromVersion = fromVersion;
            this.actor = actor;
            this.startedAt = startedAt;
        }

        void step(String what, double share) {
            this.step = what;
            this.progress = share;
        }

        void progress(double share) {
            this.progress = share;
        }

        void run(Work work) {
            state = State.RUNNING;
            try {
                work.run();
                finishedAt = clock.instant();
                state = State.SUCCEEDED;
                LOG.info("Plugin {} {} {}: {}", action, pluginId, version == null ? "" : version, step);
            } catch (UpdateCenterException | IOException | RuntimeException e) {
                error = e instanceof UpdateCenterException ? e.getMessage() : "the operation failed unexpectedly: " + e.getMessage();
                LOG.warn("Plugin {} of {} failed at \"{}\": {}", action, pluginId, step, error, e);
                audit.record(actor, "plugin." + action.name().toLowerCase(java.util.Locale.ROOT) + ".failed", "plugin",
                        pluginId, error);
                finishedAt = clock.instant();
                state = State.FAILED;
            }
        }

        PluginOperation view() {
            return new PluginOperation(id, action, pluginId, version, fromVersion, state, step, progress, error, actor,
                    startedAt, finishedAt);
        }
    }
}
