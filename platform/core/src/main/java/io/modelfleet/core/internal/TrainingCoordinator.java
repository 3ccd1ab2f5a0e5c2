package io.modelfleet.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.ModelFleetException;
import io.modelfleet.api.dataset.Dataset;
import io.modelfleet.api.dataset.DatasetService;
import io.modelfleet.api.dataset.DatasetVersion;
import io.modelfleet.api.model.ModelLineage;
import io.modelfleet.api.model.ModelRegistry;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.api.model.NewModelVersion;
import io.modelfleet.api.plugin.PluginDescriptor;
import io.modelfleet.api.plugin.PluginRegistry;
import io.modelfleet.api.spi.solution.SolutionType;
import io.modelfleet.api.spi.storage.ArtifactStore;
import io.modelfleet.api.spi.training.ModelInput;
import io.modelfleet.api.spi.training.TrainingBackend;
import io.modelfleet.api.support.training.TrainingOutputs;
import io.modelfleet.api.spi.training.TrainingRequest;
import io.modelfleet.api.spi.training.TrainingStatus;
import io.modelfleet.api.stream.RunState;
import io.modelfleet.api.stream.RunTrigger;
import io.modelfleet.api.stream.Stream;
import io.modelfleet.api.stream.TrainingRun;
import io.modelfleet.persistence.StreamStore;
import io.modelfleet.schema.ParameterSchema;

/**
 * Moves training runs along on whichever server holds their lease: submits queued runs to their backend (after
 * exporting the dataset version into the artifact store), polls running ones, copies their log tail to the database,
 * registers the model of a run that succeeded and ends the run. Leases are renewed every tick; a run whose server
 * stopped is taken over once its lease runs out, or at once by the same installation coming back (its owner name is
 * stable). Scheduled streams queue a run when their cron time comes; one server wins each tick.
 */
@Component(immediate = true, configurationPid = TrainingConfiguration.PID)
@Designate(ocd = TrainingConfiguration.class)
public final class TrainingCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingCoordinator.class);
    static final int MAX_HELD_OUT = 100_000;
    static final int LOG_TAIL_LINES = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StreamStore store;
    private final RunQueue runs;
    private final DatasetService datasets;
    private final PluginRegistry plugins;
    private final ModelRegistry models;
    private final ArtifactStore blobs;
    private final Clock clock;
    private final String owner;
    private final Duration lease;
    private final long logRefreshMillis;
    /** When each run's log was last collected, and the hash of what was stored, so an unchanged log is not written. */
    private record LogCopy(long collectedAtMillis, int storedHash) {
    }

    private final Map<Long, LogCopy> logCopies = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;

    @Activate
    public TrainingCoordinator(@Reference StreamStore store,
            @Reference DatasetService datasets, @Reference PluginRegistry plugins, @Reference ModelRegistry models,
            @Reference ArtifactStore blobs, TrainingConfiguration config) {
        this(store, datasets, plugins, models, blobs, Clock.systemUTC(),
                config.nodeId().isBlank() ? defaultNodeId() : config.nodeId(), Duration.ofSeconds(config.leaseSeconds()),
                config.logRefreshMillis());
        scheduler.scheduleWithFixedDelay(this::tick, config.pollMillis(), config.pollMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Training coordinator running as {}", owner);
    }

    TrainingCoordinator(StreamStore store, DatasetService datasets, PluginRegistry plugins,
            ModelRegistry models, ArtifactStore blobs, Clock clock, String owner, Duration lease, long logRefreshMillis) {
        this.store = store;
        this.runs = new RunQueue(store, plugins, datasets, clock);
        this.datasets = datasets;
        this.plugins = plugins;
        this.models = models;
        this.blobs = blobs;
        this.clock = clock;
        this.owner = owner;
        this.lease = lease;
        this.logRefreshMillis = logRefreshMillis;
        this.scheduler = Daemons.scheduler("modelfleet-training-coordinator");
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }

    /** Host name plus a hash of the data directory: the same installation restarting is the same owner. */
    static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        String data = System.getProperty("karaf.data", Path.of("").toAbsolutePath().toString());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(data.getBytes(StandardCharsets.UTF_8));
            String node = host + "-" + HexFormat.of().formatHex(hash, 0, 4);
            return node.length() > 128 ? node.substring(node.length() - 128) : node;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String owner() {
        return owner;
    }

    /** One pass: schedules, then every run this server holds. Never throws: the next tick tries again. */
    void tick() {
        try {
            Instant now = clock.instant();
            startScheduled(now);
            Instant renewed = now;
            for (long runId : store.claimRuns(owner, now, now.plus(lease))) {
                try {
                    // one run's step can take long (exporting a large dataset): keep the leases fresh meanwhile
                    Instant current = clock.instant();
                    if (current.isAfter(renewed.plus(lease.dividedBy(3)))) {
                        store.renewLeases(owner, current.plus(lease));
                        renewed = current;
                    }
                    advance(runId);
                } catch (Exception e) {
                    LOG.warn("Training run {} could not be advanced; retrying: {}", runId, e.toString());
                    LOG.debug("Run failure", e);
                }
            }
        } catch (Exception e) {
            LOG.warn("Training coordinator pass failed: {}", e.toString());
        }
    }

    private void startScheduled(Instant now) {
        for (Stream stream : store.due(now)) {
            ZonedDateTime next = Cron.parse(stream.schedule().cron(), stream.schedule().timeZone())
                    .next(ZonedDateTime.ofInstant(now, ZoneOffset.UTC));
            if (!store.advanceSchedule(stream.id(), stream.nextTrainingAt(), next == null ? null : next.toInstant())) {
                continue;
            }
            try {
                TrainingRun run = runs.queue(stream, RunTrigger.SCHEDULE, runs.latestVersion(stream.datasetId()),
                        "scheduler");
                LOG.info("Scheduled training of stream {} queued as run {}", stream.name(), run.number());
            } catch (ModelFleetException e) {
                LOG.warn("Scheduled training of stream {} skipped: {}", stream.name(), e.detail());
            }
        }
    }

    void advance(long runId) throws Exception {
        TrainingRun run = store.findRun(runId).orElse(null);
        if (run == null || run.state().finished()) {
            return;
        }
        TrainingBackend backend = plugins.trainingBackend(run.backendId()).orElse(null);
        if (run.cancelRequested()) {
            if (backend != null && run.handle() != null) {
                backend.cancel(run.handle());
                saveLog(run, backend, true);
            }
            end(run, RunState.CANCELLED, "cancelled", null, null);
            return;
        }
        if (backend == null) {
            if (run.state() == RunState.QUEUED) {
                end(run, RunState.FAILED, "training backend '" + run.backendId() + "' is not installed", null, null);
            } else {
                store.progress(runId, owner, run.state(), run.progress(),
                        "waiting for training backend '" + run.backendId() + "' to come back");
            }
            return;
        }
        if (run.state() == RunState.QUEUED) {
            submit(run, backend);
            return;
        }
        TrainingStatus status = backend.status(run.handle());
        switch (status.phase()) {
            case QUEUED, RUNNING -> {
                store.progress(runId, owner, RunState.RUNNING, clamp(status.progress()), status.message());
                saveLog(run, backend, false);
            }
            case SUCCEEDED -> {
                saveLog(run, backend, true);
                register(run);
            }
            case FAILED -> {
                saveLog(run, backend, true);
                end(run, RunState.FAILED, status.message() == null ? "training failed" : status.message(), null, null);
            }
            case CANCELLED -> {
                saveLog(run, backend, true);
                end(run, RunState.CANCELLED, status.message() == null ? "cancelled" : status.message(), null, null);
            }
        }
    }

    private static double clamp(double progress) {
        return Double.isFinite(progress) ? Math.max(0, Math.min(1, progress)) : 0;
    }

    private void end(TrainingRun run, RunState state, String message, Long modelVersionId, Map<String, Double> metrics) {
        if (store.finish(run.id(), owner, state, message, modelVersionId, metrics, clock.instant())) {
            logCopies.remove(run.id());
            LOG.info("Training run {} of stream {} ended {}: {}", run.number(), run.streamName(), state, message);
        }
    }

    private void saveLog(TrainingRun run, TrainingBackend backend, boolean force) {
        long nowMillis = clock.millis();
        LogCopy last = logCopies.get(run.id());
        if (!force && last != null && nowMillis - last.collectedAtMillis() < logRefreshMillis) {
            return;
        }
        int stored = last == null ? 0 : last.storedHash();
        try {
            String tail = backend.logs(run.handle(), LOG_TAIL_LINES);
            if (tail != null && tail.hashCode() != stored) {
                store.saveLog(run.id(), owner, tail.length() > 1_000_000 ? tail.substring(tail.length() - 1_000_000) : tail);
                stored = tail.hashCode();
            }
        } catch (Exception e) {
            LOG.debug("Could not collect the log of run {}: {}", run.id(), e.toString());
        }
        logCopies.put(run.id(), new LogCopy(nowMillis, stored));
    }

    private void submit(TrainingRun run, TrainingBackend backend) throws Exception {
        Stream stream = store.find(run.streamId()).orElseThrow();
        SolutionType solution = plugins.solutionType(stream.solutionId()).orElse(null);
        if (solution == null) {
            end(run, RunState.FAILED, "solution '" + stream.solutionId() + "' is not installed", null, null);
            return;
        }
        DatasetVersion version = datasets.version(run.datasetVersionId());
        Dataset dataset = datasets.get(version.datasetId());
        String datasetKey = exportDataset(version.id());
        List<ModelInput> inputs;
        try {
            ParameterSchema schema = ParameterSchema.of(solution.parameterSchema());
            inputs = ModelInputs.forRun(ModelInputs.versions(schema, schema.check(run.parametersJson()), models),
                    models, blobs);
        } catch (ModelFleetException e) {
            end(run, RunState.FAILED, e.detail(), null, null);
            return;
        }
        TrainingRequest request = new TrainingRequest(run.id(), solution.descriptor().id(), run.solutionVersion(),
                run.parametersJson(), run.seed(), datasetKey, String.join(",", dataset.labels()),
                StreamServiceImpl.outputPrefix(run.id()), dataset.kind(), inputs);
        String handle;
        try {
            handle = backend.submit(request);
        } catch (ModelFleetException e) {
            end(run, RunState.FAILED, "the backend refused the run: " + e.detail(), null, null);
            return;
        }
        if (!store.markSubmitted(run.id(), owner, handle, clock.instant())) {
            // lost the lease meanwhile: the new owner submits again, so this submission must not run on
            backend.cancel(handle);
            return;
        }
        LOG.info("Training run {} of stream {} submitted to {} as {}", run.number(), stream.name(), run.backendId(), handle);
    }

    /** Dataset versions are immutable, so one export serves every run on the version. */
    private String exportDataset(long versionId) throws IOException {
        String key = "training/datasets/version-" + versionId + ".csv";
        if (blobs.size(key) >= 0) {
            return key;
        }
        Path file = Files.createTempFile("modelfleet-dataset-", ".csv");
        try {
            try (OutputStream out = Files.newOutputStream(file)) {
                datasets.exportCsv(versionId, out);
            }
            blobs.put(key, file);
            return key;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private void register(TrainingRun run) throws Exception {
        String prefix = StreamServiceImpl.outputPrefix(run.id());
        JsonNode result;
        try (InputStream in = blobs.open(TrainingOutputs.key(prefix, TrainingOutputs.RESULT), 0)) {
            result = JSON.readTree(in);
        } catch (java.nio.file.NoSuchFileException e) {
            end(run, RunState.FAILED, "the backend reported success but left no " + TrainingOutputs.RESULT, null, null);
            return;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // retrying would read the same bytes: an external trainer's broken output ends the run
            end(run, RunState.FAILED, TrainingOutputs.RESULT + " is not valid JSON: "
                    // the parser's reason, without its source description, which names library settings
                    + e.getOriginalMessage().replaceAll("(?s)\\s*\\(start marker at .*|\\s*at \\[Source.*", ""), null, null);
            return;
        }
        if (blobs.size(TrainingOutputs.key(prefix, TrainingOutputs.MODEL)) < 0) {
            end(run, RunState.FAILED, "the backend reported success but left no " + TrainingOutputs.MODEL, null, null);
            return;
        }
        Stream stream = store.find(run.streamId()).orElseThrow();
        SolutionType solution = plugins.solutionType(stream.solutionId()).orElse(null);
        Map<String, Double> metrics = metrics(result.path("metrics"), solution == null ? List.of() : solution.metrics());
        Map<String, String> metadata = new LinkedHashMap<>();
        result.path("contract").fields().forEachRemaining(entry -> metadata.put(entry.getKey(), entry.getValue().asText()));
        metadata.put("solution", stream.solutionId() + "@" + run.solutionVersion());
        // what counts as low confidence for this model: agents sample below it, dashboards count below it
        metadata.put("confidenceThreshold", Double.toString(stream.confidenceThreshold()));
        String version = "v" + PluginDescriptor.majorVersion(run.solutionVersion()) + "." + run.number();
        Long parent = store.latestModelVersion(stream.id()).orElse(null);
        Path model = Files.createTempFile("modelfleet-model-", ".onnx");
        ModelVersion registered;
        try {
            try (InputStream in = blobs.open(TrainingOutputs.key(prefix, TrainingOutputs.MODEL), 0)) {
                Files.copy(in, model, StandardCopyOption.REPLACE_EXISTING);
            }
            registered = models.register(new NewModelVersion(stream.name(), version,
                    solution == null ? "onnx" : solution.modelFormat(), metadata, metrics,
                    new ModelLineage(stream.id(), run.id(), run.datasetVersionId(), parent)), model, "training");
        } catch (ConflictException e) {
            // registered before a crash kept the run from ending: take that version
            registered = models.findVersion(stream.name() + ":" + version);
        } catch (ModelFleetException e) {
            end(run, RunState.FAILED, "the trained model could not be registered: " + e.detail(), null, null);
            return;
        } finally {
            Files.deleteIfExists(model);
        }
        end(run, RunState.SUCCEEDED, "registered " + registered.reference(), registered.id(), metrics);
    }

    /** The solution's headline metrics first; per-class extras only as far as the registry's limit allows. */
    private static Map<String, Double> metrics(JsonNode node, List<String> headline) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String name : headline) {
            if (node.path(name).isNumber()) {
                metrics.put(name, node.get(name).asDouble());
            }
        }
        node.fields().forEachRemaining(entry -> {
            if (entry.getValue().isNumber() && Double.isFinite(entry.getValue().asDouble())
                    && metrics.size() < NewModelVersion.MAX_METRICS && entry.getKey().length() <= NewModelVersion.MAX_METADATA_KEY) {
                metrics.putIfAbsent(entry.getKey(), entry.getValue().asDouble());
            }
        });
        return metrics;
    }
}
