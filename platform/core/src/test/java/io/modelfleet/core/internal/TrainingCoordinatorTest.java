package io.modelfleet.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.ServiceReference;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.dataset.Dataset;
import io.modelfleet.api.dataset.DatasetService;
import io.modelfleet.api.dataset.DatasetVersion;
import io.modelfleet.api.dataset.ImportJob;
import io.modelfleet.api.dataset.NewDataset;
import io.modelfleet.api.model.ModelSignature;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.api.model.NewModelVersion;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.api.spi.model.ModelInspector;
import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.training.TrainingBackend;
import io.modelfleet.api.stream.NewStream;
import io.modelfleet.api.stream.RunState;
import io.modelfleet.api.stream.RunTrigger;
import io.modelfleet.api.stream.Stream;
import io.modelfleet.api.stream.StreamSchedule;
import io.modelfleet.api.stream.StreamStatus;
import io.modelfleet.api.stream.TrainingRun;
import io.modelfleet.api.alert.AlertKind;
import io.modelfleet.api.alert.ChannelType;
import io.modelfleet.api.alert.NewAlertRule;
import io.modelfleet.api.alert.NewNotificationChannel;
import io.modelfleet.api.alert.NotificationChannel;
import io.modelfleet.persistence.internal.MyBatisAlertStore;
import io.modelfleet.persistence.internal.MyBatisAuditStore;
import io.modelfleet.persistence.internal.MyBatisInferenceStore;
import io.modelfleet.persistence.internal.MyBatisDatasetStore;
import io.modelfleet.persistence.internal.MyBatisModelStore;
import io.modelfleet.persistence.internal.MyBatisStreamStore;
import io.modelfleet.persistence.testing.TestDatabase;
import io.modelfleet.plugin.source.local.internal.LocalDataSource;
import io.modelfleet.plugin.training.local.internal.LocalTrainingBackend;
import io.modelfleet.plugin.training.local.internal.LocalTrainingConfiguration;
import io.modelfleet.storage.internal.FileSystemArtifactStore;

/**
 * Streams, runs and the coordinator on MariaDB, the filesystem artifact store, the local data source and the
 * in-process training backend: training registers numbered versions with lineage; a restart or a dead server leaves
 * no run stuck; leases keep two servers off the same run; schedules train on the latest published version.
 */
class TrainingCoordinatorTest {
    /** Models of format "test" (what CentroidSolution writes), checked by their first bytes. */
    static final ModelInspector TEST_FORMAT = new ModelInspector() {
        @Override
        public String format() {
            return "test";
        }

        @Override
        public ModelSignature inspect(Path artifact) {
            try {
                if (!Files.readString(artifact, StandardCharsets.ISO_8859_1).startsWith("TESTMODEL")) {
                    throw new InvalidInputException("not a test model");
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return ModelSignature.EMPTY;
        }
    };

    @TempDir
    Path dir;
    private TestDatabase db;
    private DatasetServiceImpl datasets;
    private FileSystemArtifactStore blobs;
    private ModelRegistryImpl models;
    private PluginRegistryImpl plugins;
    private MyBatisStreamStore store;
    private StreamServiceImpl streams;
    private LocalTrainingBackend backend;
    private Delivery delivery;
    private ServiceReference<TrainingBackend> backendRef;
    private final TestSupport.MovableClock clock = new TestSupport.MovableClock(Instant.now());

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabase.create();
        MyBatisAuditStore auditStore = new MyBatisAuditStore(db.database());
        AuditLog audit = TestSupport.audit(auditStore, Clock.systemUTC());
        blobs = new FileSystemArtifactStore(dir.resolve("blobs"));
        PluginRegistryImpl sources = new PluginRegistryImpl();
        sources.bindDataSource(new LocalDataSource(DatasetServiceTest.LOCAL), Delivery.reference());
        datasets = new DatasetServiceImpl(new MyBatisDatasetStore(db.database()), blobs, audit, sources, Clock.systemUTC());
        MyBatisModelStore modelStore = new MyBatisModelStore(db.database());
        models = new ModelRegistryImpl(modelStore, blobs, audit, 1 << 20, Clock.systemUTC());
        models.addInspector(TEST_FORMAT);
        delivery = new Delivery(db, audit, dir.resolve("signing/key"), Clock.systemUTC(), "test-server");
        RolloutServiceImpl deployments = delivery.rollouts;
        plugins = new PluginRegistryImpl();
        plugins.bindSolutionType(new CentroidSolution(), Delivery.reference());
        replaceBackend();
        store = new MyBatisStreamStore(db.database());
        streams = new StreamServiceImpl(store, datasets, plugins, deployments, models, blobs, audit, clock);
    }

    @AfterEach
    void tearDown() throws Exception {
        backend.deactivate();
        datasets.deactivate();
        delivery.close();
        db.close();
    }

    private void replaceBackend() {
        if (backend != null) {
            plugins.unbindTrainingBackend(backend, backendRef);
        }
        backend = localBackend(blobs);
        backend.addSolution(new CentroidSolution());
        backendRef = Delivery.reference();
        plugins.bindTrainingBackend(backend, backendRef);
    }

    /** The in-process backend with one worker, as the distribution configures it (shared with RetrainingServiceTest). */
    static LocalTrainingBackend localBackend(FileSystemArtifactStore blobs) {
        return new LocalTrainingBackend(new LocalTrainingConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LocalTrainingConfiguration.class;
            }

            @Override
            public String id() {
                return "local";
            }

            @Override
            public String displayName() {
                return "In-process";
            }

            @Override
            public int workers() {
                return 1;
            }

            @Override
            public int maxQueued() {
                return 4;
            }

            @Override
            public int logLines() {
                return 100;
            }
        }, blobs);
    }

    private TrainingCoordinator coordinator(String owner, Duration lease) {
        return new TrainingCoordinator(store, datasets, plugins, models, blobs, clock, owner, lease, 0);
    }

    private DatasetVersion publishedDataset(String name, int rows) throws Exception {
        Dataset dataset = datasets.create(new NewDataset(name, null, DatasetKind.TABULAR, List.of("x", "y"),
                List.of("ok", "bad")), "alice");
        StringBuilder csv = new StringBuilder("x,y,label\n");
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < rows; i++) {
            boolean ok = i % 2 == 0;
            csv.append(random.nextGaussian() + (ok ? 0 : 5)).append(',').append(random.nextGaussian() + (ok ? 0 : 5))
                    .append(',').append(ok ? "ok" : "bad").append('\n');
        }
        Path file = Files.writeString(dir.resolve(name + ".csv"), csv);
        ImportJob job = datasets.startImport(dataset.id(), "local",
                Map.of(), DatasetServiceTest.upload(file), "alice");
        for (int i = 0; i < 300 && datasets.job(job.id()).state() == ImportJob.ImportState.RUNNING; i++) {
            Thread.sleep(50);
        }
        assertEquals(ImportJob.ImportState.SUCCEEDED, datasets.job(job.id()).state(), String.valueOf(datasets.job(job.id()).error()));
        return datasets.publish(dataset.id(), "alice");
    }

    private Stream stream(String name, DatasetVersion version, String parameters, StreamSchedule schedule) {
        return streams.create(new NewStream(name, "test stream", "centroid", version.id(), "local", parameters, 0.6,
                schedule, null), "alice");
    }

    private TrainingRun await(TrainingCoordinator coordinator, long runId, Predicate<TrainingRun> until) throws Exception {
        for (int i = 0; i < 400; i++) {
            coordinator.tick();
            TrainingRun run = streams.run(runId);
            if (until.test(run)) {
                return run;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("run " + runId + " never got there: " + streams.run(runId));
    }

    @Test
    void trainingRegistersNumberedVersionsWithLineageAndEvaluation() throws Exception {
        DatasetVersion version = publishedDataset("points", 80);
        Stream stream = stream("points-classifier", version, "{}", null);
        assertEquals(StreamStatus.READY_TO_TRAIN, stream.status());
        assertEquals("{\"testFraction\":0.25,\"holdMillis\":0}", stream.parametersJson(), "defaults filled in");
        TrainingCoordinator coordinator = coordinator("node-a", Duration.ofSeconds(30));

        TrainingRun run = streams.train(stream.id(), "alice");
        assertEquals(RunState.QUEUED, run.state());
        assertEquals(StreamStatus.TRAINING, streams.get(stream.id()).status());
        assertThrows(ConflictException.class, () -> streams.train(stream.id(), "alice"), "one run at a time");
        TrainingRun done = await(coordinator, run.id(), r -> r.state().finished());
        assertEquals(RunState.SUCCEEDED, done.state(), done.message());
        assertEquals("v1.1", done.modelVersion(), "solution major 1, first training");
        assertTrue(done.metrics().get("accuracy") > 0.9, done.metrics().toString());
        ModelVersion model = models.getVersion(done.modelVersionId());
        assertEquals("points-classifier", model.name());
        assertEquals(stream.id(), model.lineage().streamId());
        assertEquals(run.id(), model.lineage().trainingRunId());
        assertEquals(version.id(), model.lineage().datasetVersionId());
        assertNull(model.lineage().parentVersionId());
        assertEquals("classification", model.metadata().get("task"));
        assertEquals("centroid@1.2.0", model.metadata().get("solution"));
        assertEquals("0.6", model.metadata().get("confidenceThreshold"), "the stream's threshold travels with the model");
        assertEquals(StreamStatus.TRAINED, streams.get(stream.id()).status());
        assertEquals(20, streams.heldOut(run.id(), 1000).size());
        assertEquals("{\"testRows\":20}", streams.report(run.id()));
        assertTrue(streams.logs(run.id()).contains("centroids of"), streams.logs(run.id()));

        TrainingRun second = await(coordinator, streams.train(stream.id(), "alice").id(), r -> r.state().finished());
        ModelVersion secondModel = models.getVersion(second.modelVersionId());
        assertEquals("v1.2", secondModel.version());
        assertEquals(model.id(), secondModel.lineage().parentVersionId());
        assertEquals(secondModel.id(), streams.get(stream.id()).latestModelVersionId());
    }

    @Test
    void aModelTheParametersNameMustExistAndReachesTrainingAsAFile() throws Exception {
        DatasetVersion version = publishedDataset("transfer", 40);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> stream("missing", version, "{\"initialModel\": \"backbone:9\"}", null));
        assertEquals(Map.of("parameters.initialModel", "names no registered model version (name:version)"), e.fields());
        assertEquals("invalid training parameters: initialModel 'backbone:9' names no registered model version",
                e.detail());

        Path file = Files.writeString(dir.resolve("backbone.test"), "TESTMODEL backbone");
        models.register(new NewModelVersion("backbone", "9", "test", Map.of("embedding", "features"), null, null),
                file, "alice");
        Stream stream = stream("with-backbone", version, "{\"initialModel\": \"backbone:9\"}", null);
        TrainingCoordinator coordinator = coordinator("node-a", Duration.ofSeconds(30));
        TrainingRun done = await(coordinator, streams.train(stream.id(), "alice").id(), r -> r.state().finished());
        assertEquals(RunState.SUCCEEDED, done.state(), done.message());
        assertEquals("backbone:9 TESTMODEL backbone {embedding=features}",
                models.getVersion(done.modelVersionId()).metadata().get("initialModel"));
        assertTrue(streams.logs(done.id()).contains("input model initialModel: backbone:9"), streams.logs(done.id()));
    }

    @Test
    void badParametersAreRejectedFieldByField() throws Exception {
        DatasetVersion version = publishedDataset("bad-params", 20);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> stream("bad", version, "{\"testFraction\": 0.9, \"holdMillis\": \"long\", \"epochs\": 3}", null));
        assertEquals(Map.of("parameters.testFraction", "must be at most 0.5", "parameters.holdMillis",
                "must be a whole number", "parameters.epochs", "is not a parameter of this solution"), e.fields());
        InvalidInputException cron = assertThrows(InvalidInputException.class,
                () -> stream("bad", version, "{}", new StreamSchedule("0 25 * * *", "UTC")));
        assertTrue(cron.fields().containsKey("schedule.cron"));
        InvalidInputException backendMissing = assertThrows(InvalidInputException.class, () -> streams.create(
                new NewStream("bad", null, "centroid", version.id(), "gpu-cluster", "{}", 0.5, null, null), "alice"));
        assertEquals(Map.of("backendId", "no such training backend installed"), backendMissing.fields());
        assertTrue(streams.list().isEmpty(), "nothing stored");
    }

    @Test
    void aRestartDuringInProcessTrainingFailsTheRunWithAReason() throws Exception {
        Stream stream = stream("restart", publishedDataset("restart", 40), "{\"holdMillis\": 60000}", null);
        TrainingCoordinator before = coordinator("node-a", Duration.ofSeconds(30));
        TrainingRun run = await(before, streams.train(stream.id(), "alice").id(), r -> r.state() == RunState.RUNNING);

        // the JVM goes: its in-process backend with it; the same installation comes back with a fresh backend
        backend.deactivate();
        replaceBackend();
        TrainingRun failed = await(coordinator("node-a", Duration.ofSeconds(30)), run.id(), r -> r.state().finished());
        assertEquals(RunState.FAILED, failed.state());
        assertTrue(failed.message().contains("end when their server stops"), failed.message());
        assertEquals(StreamStatus.FAILED, streams.get(stream.id()).status());
    }

    @Test
    void anotherServerTakesARunOverOnlyWhenTheLeaseRanOut() throws Exception {
        Stream stream = stream("lease", publishedDataset("lease", 40), "{\"holdMillis\": 60000}", null);
        TrainingCoordinator serverA = coordinator("node-a", Duration.ofSeconds(30));
        TrainingRun run = await(serverA, streams.train(stream.id(), "alice").id(), r -> r.state() == RunState.RUNNING);
        TrainingCoordinator serverB = coordinator("node-b", Duration.ofSeconds(30));
        assertTrue(store.claimRuns("node-b", clock.instant(), clock.instant().plusSeconds(30)).isEmpty(), "A holds the lease");
        serverB.tick();
        assertEquals(RunState.RUNNING, streams.run(run.id()).state());

        // A stops renewing (it died): 31 s later B takes over, asks the backend, which has no such run here
        backend.deactivate();
        replaceBackend();
        clock.advance(Duration.ofSeconds(31));
        TrainingRun taken = await(serverB, run.id(), r -> r.state().finished());
        assertEquals(RunState.FAILED, taken.state());
        assertTrue(taken.message().contains("unknown to backend local"), taken.message());
    }

    @Test
    void cancellingStopsTheRunAndTheStreamCanTrainAgain() throws Exception {
        Stream stream = stream("cancel", publishedDataset("cancel", 40), "{\"holdMillis\": 60000}", null);
        TrainingCoordinator coordinator = coordinator("node-a", Duration.ofSeconds(30));
        TrainingRun run = await(coordinator, streams.train(stream.id(), "alice").id(), r -> r.state() == RunState.RUNNING);
        assertTrue(streams.cancel(run.id(), "alice").cancelRequested());
        TrainingRun cancelled = await(coordinator, run.id(), r -> r.state().finished());
        assertEquals(RunState.CANCELLED, cancelled.state());
        assertEquals(StreamStatus.READY_TO_TRAIN, streams.get(stream.id()).status());
        assertNotNull(streams.train(stream.id(), "alice"));
    }

    @Test
    void aSchedulerTickTrainsOnTheLatestPublishedVersionOnce() throws Exception {
        DatasetVersion first = publishedDataset("scheduled", 40);
        Stream stream = stream("nightly", first, "{}", new StreamSchedule("30 2 * * *", "Europe/Berlin"));
        assertNotNull(stream.nextTrainingAt());
        DatasetVersion second = datasets.publish(first.datasetId(), "alice");
        TrainingCoordinator serverA = coordinator("node-a", Duration.ofSeconds(30));
        TrainingCoordinator serverB = coordinator("node-b", Duration.ofSeconds(30));
        serverA.tick();
        assertTrue(streams.runs(stream.id(), null, 10).isEmpty(), "not due yet");

        clock.set(stream.nextTrainingAt().plusSeconds(5));
        serverA.tick();
        serverB.tick();
        List<TrainingRun> runs = streams.runs(stream.id(), null, 10);
        assertEquals(1, runs.size(), "one server wins the tick");
        assertEquals(RunTrigger.SCHEDULE, runs.get(0).trigger());
        assertEquals(second.id(), runs.get(0).datasetVersionId());
        assertTrue(streams.get(stream.id()).nextTrainingAt().isAfter(clock.instant()));
        assertEquals(Duration.ofDays(1), Duration.between(stream.nextTrainingAt(), streams.get(stream.id()).nextTrainingAt()));
    }

    /** A backend whose trainer (an external service, say) reports success but leaves outputs it cannot have meant. */
    private final class BrokenOutputBackend implements TrainingBackend {
        @Override
        public io.modelfleet.api.plugin.PluginDescriptor descriptor() {
            return new io.modelfleet.api.plugin.PluginDescriptor("broken", "Broken outputs", "1.0.0", null);
        }

        @Override
        public String submit(io.modelfleet.api.spi.training.TrainingRequest request) throws java.io.IOException {
            String prefix = request.outputPrefix();
            blobs.put(prefix + "/model.onnx", Files.writeString(dir.resolve("model-" + request.runId()), "TESTMODEL"));
            blobs.put(prefix + "/predictions.csv", Files.writeString(dir.resolve("pred-" + request.runId()),
                    "x,y,label,predicted,score\r\n1,2,ok,ok,0.9\r\n3,4,bad,ok,high\r\n"));
            blobs.put(prefix + "/result.json", Files.writeString(dir.resolve("result-" + request.runId()), "{\"metrics\": {"));
            return "broken-" + request.runId();
        }

        @Override
        public io.modelfleet.api.spi.training.TrainingStatus status(String handle) {
            return new io.modelfleet.api.spi.training.TrainingStatus(io.modelfleet.api.spi.training.TrainingPhase.SUCCEEDED, 1, "done");
        }

        @Override
        public String logs(String handle, int tailLines) {
            return "";
        }

        @Override
        public void cancel(String handle) {
        }
    }

    @Test
    void brokenOutputsFailTheRunInsteadOfRetryingForeverAndBadRowsAreSkipped() throws Exception {
        plugins.bindTrainingBackend(new BrokenOutputBackend(), Delivery.reference());
        Stream stream = streams.create(new NewStream("broken", null, "centroid", publishedDataset("broken", 20).id(),
                "broken", "{}", 0.5, null, null), "alice");
        TrainingRun run = await(coordinator("node-a", Duration.ofSeconds(30)), streams.train(stream.id(), "alice").id(),
                r -> r.state().finished());
        assertEquals(RunState.FAILED, run.state());
        assertTrue(run.message().startsWith("result.json is not valid JSON"), run.message());
        assertTrue(!run.message().contains("`") && !run.message().contains("Source"), "no parser internals: " + run.message());
        assertEquals(1, streams.heldOut(run.id(), 10).size(), "the row whose score is not a number is left out");
    }

    @Test
    void finishedRunsRaiseOneEventAlertEachThatResolvesQuietlyAfterItsWindow() throws Exception {
        MyBatisAlertStore alerts = new MyBatisAlertStore(db.database());
        AlertEvaluator evaluator = new AlertEvaluator(alerts, new MyBatisInferenceStore(db.database()), null, clock,
                "node-a", Duration.ofSeconds(45));
        NotificationChannel channel = alerts.insertChannel(new NewNotificationChannel("ops", ChannelType.WEBHOOK,
                "http://127.0.0.1:9/hook", null, null, null), "alice", clock.instant());
        alerts.insertRule(new NewAlertRule("runs failing", AlertKind.TRAINING_FAILED, null, null, null, null, null, null,
                30, null, 5, true, List.of(channel.id())), "alice", clock.instant());
        alerts.insertRule(new NewAlertRule("models to review", AlertKind.TRAINING_SUCCEEDED, null, null, null, null,
                null, null, 30, null, 5, true, List.of(channel.id())), "alice", clock.instant());
        TrainingCoordinator coordinator = coordinator("node-a", Duration.ofSeconds(30));
        Stream good = stream("points-classifier", publishedDataset("points", 40), "{}", null);
        TrainingRun succeeded = await(coordinator, streams.train(good.id(), "alice").id(), r -> r.state().finished());
        plugins.bindTrainingBackend(new BrokenOutputBackend(), Delivery.reference());
        Stream broken = streams.create(new NewStream("broken", null, "centroid", publishedDataset("broken", 20).id(),
                "broken", "{}", 0.5, null, null), "alice");
        TrainingRun failed = await(coordinator, streams.train(broken.id(), "alice").id(), r -> r.state().finished());

        assertTrue(evaluator.evaluate());
        clock.advance(Duration.ofMinutes(10)); // past the reminder interval: event alerts are not reminded
        assertTrue(evaluator.evaluate());
        Map<String, io.modelfleet.api.alert.Alert> open = new java.util.HashMap<>();
        for (io.modelfleet.persistence.OpenAlert o : alerts.openAlerts()) {
            open.put(o.subject(), alerts.alert(o.id()).orElseThrow());
        }
        assertEquals(java.util.Set.of("run:" + succeeded.id(), "run:" + failed.id()), open.keySet());
        assertEquals("points-classifier run 1 SUCCEEDED: registered points-classifier:v1.1 to review",
                open.get("run:" + succeeded.id()).message());
        assertTrue(open.get("run:" + failed.id()).message().startsWith("broken run 1 FAILED: result.json is not valid JSON"),
                open.get("run:" + failed.id()).message());
        assertEquals(2, alerts.deliveries(channel.id(), null, new io.modelfleet.api.PageRequest(50, 0)).total(),
                "one delivery per occurrence, no reminders");

        clock.advance(Duration.ofMinutes(25));
        assertTrue(evaluator.evaluate());
        assertEquals(List.of(), alerts.openAlerts(), "resolved once older than the window");
        assertEquals(2, alerts.deliveries(channel.id(), null, new io.modelfleet.api.PageRequest(50, 0)).total(),
                "and quietly: their passing is not news");

        // a message longer than the alert's column (a trainer's whole exit message) is cut, not a failed pass
        long id = alerts.fire(alerts.rules().get(0).id(), "run:999", "run 999", 1, "x".repeat(3000), List.of(),
                clock.instant()).orElseThrow();
        assertEquals(1024, alerts.alert(id).orElseThrow().message().length());
        evaluator.deactivate();
    }
}
