package io.modelfleet.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.alert.AlertKind;
import io.modelfleet.api.alert.AlertRule;
import io.modelfleet.api.alert.NewAlertRule;
import io.modelfleet.api.dataset.Dataset;
import io.modelfleet.api.dataset.DatasetVersion;
import io.modelfleet.api.dataset.ImportJob;
import io.modelfleet.api.dataset.NewDataset;
import io.modelfleet.api.deployment.StatusReport;
import io.modelfleet.api.edge.DeviceInfo;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.EnrollmentToken;
import io.modelfleet.api.model.ModelStage;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.api.plugin.PluginDescriptor;
import io.modelfleet.api.rollout.Rollout;
import io.modelfleet.api.rollout.RolloutEdge;
import io.modelfleet.api.rollout.RolloutState;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.api.spi.source.DataItem;
import io.modelfleet.api.spi.source.DataSource;
import io.modelfleet.api.spi.source.ImportContext;
import io.modelfleet.api.spi.source.ImportRequest;
import io.modelfleet.api.spi.source.ImportSummary;
import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;
import io.modelfleet.api.stream.NewStream;
import io.modelfleet.api.stream.Retraining;
import io.modelfleet.api.stream.RetrainingPolicy;
import io.modelfleet.api.stream.RetrainingState;
import io.modelfleet.api.stream.RunState;
import io.modelfleet.api.stream.RunTrigger;
import io.modelfleet.api.stream.Stream;
import io.modelfleet.api.stream.StreamTarget;
import io.modelfleet.api.stream.TrainingRun;
import io.modelfleet.persistence.NewEdgeRecord;
import io.modelfleet.persistence.internal.MyBatisAlertStore;
import io.modelfleet.persistence.internal.MyBatisAuditStore;
import io.modelfleet.persistence.internal.MyBatisDatasetStore;
import io.modelfleet.persistence.internal.MyBatisEdgeStore;
import io.modelfleet.persistence.internal.MyBatisModelStore;
import io.modelfleet.persistence.internal.MyBatisRetrainingStore;
import io.modelfleet.persistence.internal.MyBatisStreamStore;
import io.modelfleet.persistence.testing.TestDatabase;
import io.modelfleet.plugin.source.local.internal.LocalDataSource;
import io.modelfleet.plugin.training.local.internal.LocalTrainingBackend;
import io.modelfleet.storage.internal.FileSystemArtifactStore;

/**
 * The closed loop on MariaDB with the real dataset, stream, registry and rollout services, the in-process backend and a
 * nearest-centroid solution: an open alert of a trigger rule imports the samples behind it (the filters checked), the
 * dataset is published, the stream retrains, the gate passes, the version is approved and rolled out to the stream's
 * edge, and the rollout's success ends it; a gate that fails deploys nothing; one retraining per alert, one at a time,
 * a cooldown; waiting for labels, continuing, stopping (what it started is cancelled).
 */
class RetrainingServiceTest {
    /** Stands in for the edge source: serves the samples the test sets and records the filters it was given. */
    static final class SampleSource implements DataSource {
        final List<Map<String, Object>> requests = new CopyOnWriteArrayList<>();
        volatile List<DataItem> samples = List.of();

        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor("edges", "Edge samples (test)", "1.0.0", null);
        }

        @Override
        public String importOptionsSchema() {
            return """
                    {"type": "object", "additionalProperties": false, "properties": {
                      "edges": {"type": "string"}, "tags": {"type": "string"}, "from": {"type": "string"},
                      "to": {"type": "string"}, "maxScore": {"type": "number"}, "model": {"type": "string"},
                      "limit": {"type": "integer", "minimum": 1}}}""";
        }

        @Override
        public ImportSummary importItems(ImportRequest request, ImportContext context) {
            requests.add(request.options());
            for (DataItem item : samples) {
                context.accept(item);
            }
            return new ImportSummary(samples.size(), 0, List.of());
        }
    }

    @TempDir
    Path dir;
    private TestDatabase db;
    private DatasetServiceImpl datasets;
    private ModelRegistryImpl models;
    private MyBatisStreamStore streamStore;
    private StreamServiceImpl streams;
    private LocalTrainingBackend backend;
    private Delivery delivery;
    private MyBatisAlertStore alerts;
    private MyBatisEdgeStore edges;
    private TrainingCoordinator coordinator;
    private RetrainingServiceImpl retraining;
    private final SampleSource source = new SampleSource();
    private final TestSupport.MovableClock clock = new TestSupport.MovableClock(Instant.now());

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabase.create();
        AuditLog audit = TestSupport.audit(new MyBatisAuditStore(db.database()), clock);
        FileSystemArtifactStore blobs = new FileSystemArtifactStore(dir.resolve("blobs"));
        PluginRegistryImpl plugins = new PluginRegistryImpl();
        plugins.bindDataSource(new LocalDataSource(DatasetServiceTest.LOCAL), Delivery.reference());
        plugins.bindDataSource(source, Delivery.reference());
        plugins.bindSolutionType(new CentroidSolution(), Delivery.reference());
        datasets = new DatasetServiceImpl(new MyBatisDatasetStore(db.database()), blobs, audit, plugins, clock);
        models = new ModelRegistryImpl(new MyBatisModelStore(db.database()), blobs, audit, 1 << 20, clock);
        models.addInspector(TrainingCoordinatorTest.TEST_FORMAT);
        delivery = new Delivery(db, audit, dir.resolve("signing/key"), clock, "server-a");
        backend = TrainingCoordinatorTest.localBackend(blobs);
        backend.addSolution(new CentroidSolution());
        plugins.bindTrainingBackend(backend, Delivery.reference());
        streamStore = new MyBatisStreamStore(db.database());
        streams = new StreamServiceImpl(streamStore, datasets, plugins, delivery.rollouts, models, blobs, audit, clock);
        coordinator = new TrainingCoordinator(streamStore, datasets, plugins, models, blobs, clock, "server-a",
                Duration.ofSeconds(30), 0);
        alerts = new MyBatisAlertStore(db.database());
        edges = new MyBatisEdgeStore(db.database());
        retraining = new RetrainingServiceImpl(new MyBatisRetrainingStore(db.database()), alerts, streamStore, streams,
                datasets, models, delivery.rollouts, plugins, audit, clock, "server-a", Duration.ofSeconds(30));
    }

    @AfterEach
    void tearDown() throws Exception {
        retraining.deactivate();
        backend.deactivate();
        datasets.deactivate();
        delivery.close();
        db.close();
    }

    private static List<DataItem> samples(int count, long seed) {
        java.util.Random random = new java.util.Random(seed);
        List<DataItem> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean ok = i % 2 == 0;
            items.add(new DataItem("edge-1-" + seed + "-" + i, Map.of("x", Double.toString(random.nextGaussian() + (ok ? 0 : 5)),
                    "y", Double.toString(random.nextGaussian() + (ok ? 0 : 5))), null, null, ok ? "ok" : "bad", 0.4, 1L,
                    null, Instant.now()));
        }
        return items;
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
        Path file = Files.writeString(dir.resolve(name + ".csv"), csv, StandardCharsets.UTF_8);
        ImportJob job = datasets.startImport(dataset.id(), "local", Map.of(), DatasetServiceTest.upload(file), "alice");
        for (int i = 0; i < 300 && datasets.job(job.id()).state() == ImportJob.ImportState.RUNNING; i++) {
            Thread.sleep(20);
        }
        assertEquals(ImportJob.ImportState.SUCCEEDED, datasets.job(job.id()).state());
        return datasets.publish(dataset.id(), "alice");
    }

    private long edge(String name) {
        EnrollmentToken token = edges.insertToken("t-" + name, null, 1, clock.instant().plusSeconds(60), "admin", clock.instant());
        long id = edges.insertEdge(new NewEdgeRecord(name, "c".repeat(64), DeviceInfo.UNKNOWN, token.id(), clock.instant()))
                .orElseThrow();
        edges.updateState(id, EdgeState.APPROVED, "admin", clock.instant());
        return id;
    }

    /** A stream on its first trained version, which the trigger rules watch. */
    private Stream trainedStream(String name, List<Long> edgeIds) throws Exception {
        DatasetVersion version = publishedDataset(name + "-data", 120);
        Stream stream = streams.create(new NewStream(name, null, "centroid", version.id(), "local", "{}", 0.6, null,
                new StreamTarget(edgeIds, null, null)), "alice");
        TrainingRun run = streams.train(stream.id(), "alice");
        awaitRun(run.id());
        return streams.get(stream.id());
    }

    private TrainingRun awaitRun(long runId) throws Exception {
        for (int i = 0; i < 400; i++) {
            coordinator.tick();
            TrainingRun run = streams.run(runId);
            if (run.state().finished()) {
                assertEquals(RunState.SUCCEEDED, run.state(), run.message());
                return run;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("run " + runId + " did not finish");
    }

    /** Ticks the engine (and the coordinator that trains for it) until the retraining matches. */
    private Retraining await(long id, Predicate<Retraining> until) throws Exception {
        for (int i = 0; i < 400; i++) {
            retraining.tick();
            coordinator.tick();
            Retraining current = retraining.get(id);
            if (until.test(current)) {
                return current;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("retraining " + id + " is still " + retraining.get(id));
    }

    private AlertRule lowConfidenceRule(String name, String modelVersion) {
        return alerts.insertRule(new NewAlertRule(name, AlertKind.LOW_CONFIDENCE_RATE, null, null, null, modelVersion,
                20.0, 0.5, 5, 20L, 60, true, List.of()), "alice", clock.instant());
    }

    private long fire(AlertRule rule) {
        return alerts.fire(rule.id(), "model:" + rule.modelVersion(), rule.modelVersion(), 45.0,
                "45% low confidence", List.of(), clock.instant()).orElseThrow();
    }

    private static RetrainingPolicy policy(long ruleId, Double gateMin, boolean autoApprove, boolean waitForLabels) {
        return new RetrainingPolicy(true, List.of(ruleId), "edges", null, 100, waitForLabels, "accuracy", gateMin,
                0.5, autoApprove, 60);
    }

    @Test
    void anAlertRetrainsOnTheSamplesBehindItPassesTheGateAndRollsOut() throws Exception {
        long edgeId = edge("camera-1");
        Stream stream = trainedStream("sensors", List.of(edgeId));
        ModelVersion first = models.getVersion(stream.latestModelVersionId());
        AlertRule rule = lowConfidenceRule("sensors uncertain", first.reference());
        retraining.setPolicy(stream.id(), policy(rule.id(), 0.6, true, false), "alice");
        source.samples = samples(40, 3);

        long alertId = fire(rule);
        Instant firedAt = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // as the database keeps it
        retraining.tick();
        List<Retraining> started = retraining.list(stream.id(), 10);
        assertEquals(1, started.size(), "one retraining for the alert");
        assertEquals(alertId, started.get(0).alertId());
        assertEquals(first.reference(), started.get(0).replacesVersion());

        Retraining done = await(started.get(0).id(), r -> r.state() == RetrainingState.ROLLING_OUT || r.state().finished());
        assertEquals(RetrainingState.ROLLING_OUT, done.state(), done.message());
        Map<String, Object> filters = source.requests.get(0);
        assertEquals(first.reference(), filters.get("model"), "the samples of the model the alert is about");
        assertEquals(0.5, ((Number) filters.get("maxScore")).doubleValue(), 1e-9, "scoring below the rule's threshold");
        assertEquals(firedAt.minus(Duration.ofMinutes(5)).toString(), filters.get("from"), "over the rule's window");
        assertEquals(100L, ((Number) filters.get("limit")).longValue());
        assertEquals(40L, done.importedItems());

        DatasetVersion published = datasets.version(done.datasetVersionId());
        assertEquals(2, published.number());
        assertEquals(160, published.items(), "the 120 rows it had and the 40 samples");
        TrainingRun run = streams.run(done.trainingRunId());
        assertEquals(RunTrigger.RETRAINING, run.trigger());
        assertEquals(published.id(), run.datasetVersionId());
        ModelVersion trained = models.getVersion(done.modelVersionId());
        assertEquals("v1.2", trained.version());
        assertEquals(ModelStage.APPROVED, trained.stage(), "approved by the policy once it passed the gate");

        Rollout rollout = delivery.rollouts.get(done.rolloutId());
        assertEquals(trained.id(), rollout.modelVersionId());
        RolloutEdge target = delivery.rollouts.edges(rollout.id(), null).get(0);
        assertEquals(edgeId, target.edgeId());
        delivery.deployments.reportStatus(edgeId, target.deploymentId(),
                new StatusReport(EdgeDeploymentStatus.ACTIVE, "serving"));
        delivery.rollouts.tick();
        assertEquals(RolloutState.SUCCEEDED, delivery.rollouts.get(rollout.id()).state());

        Retraining succeeded = await(done.id(), r -> r.state().finished());
        assertEquals(RetrainingState.SUCCEEDED, succeeded.state(), succeeded.message());
        assertNotNull(succeeded.finishedAt());
        assertEquals(List.of(RetrainingState.IMPORTING, RetrainingState.IMPORTING, RetrainingState.TRAINING,
                RetrainingState.ROLLING_OUT, RetrainingState.SUCCEEDED),
                succeeded.steps().stream().map(s -> s.state()).toList(), succeeded.steps().toString());
        assertTrue(succeeded.steps().get(3).message().contains("passed the gate"), succeeded.steps().get(3).message());

        clock.advance(Duration.ofHours(2));
        retraining.tick();
        assertEquals(1, retraining.list(stream.id(), 10).size(), "the same open alert never starts a second one");
    }

    @Test
    void aVersionThatFailsTheGateIsNotDeployedAndOneRetrainingRunsAtATimeWithACooldown() throws Exception {
        long edgeId = edge("camera-2");
        Stream stream = trainedStream("meters", List.of(edgeId));
        String reference = models.getVersion(stream.latestModelVersionId()).reference();
        AlertRule rule = lowConfidenceRule("meters uncertain", reference);
        AlertRule other = lowConfidenceRule("meters uncertain too", reference);
        retraining.setPolicy(stream.id(), new RetrainingPolicy(true, List.of(rule.id(), other.id()), null, null,
                null, false, "accuracy", 1.01, null, true, 60), "alice");
        source.samples = samples(20, 5);

        fire(rule);
        retraining.tick();
        long id = retraining.list(stream.id(), 10).get(0).id();
        assertThrows(ConflictException.class, () -> retraining.start(stream.id(), null, "bob"),
                "one retraining of a stream at a time");
        Retraining failed = await(id, r -> r.state().finished());
        assertEquals(RetrainingState.FAILED, failed.state());
        assertTrue(failed.message().startsWith("gate: accuracy"), failed.message());
        assertTrue(failed.message().contains("below the minimum 1.01"), failed.message());
        assertEquals(ModelStage.CANDIDATE, models.getVersion(failed.modelVersionId()).stage(), "nothing approved");
        assertEquals(null, failed.rolloutId(), "nothing deployed");
        assertEquals(0, delivery.rollouts.list(null, 10, 0).items().size());

        Stream elsewhere = streams.create(new NewStream("meters-2", null, "centroid", stream.datasetVersionId(), "local",
                "{}", 0.6, null, null), "alice");
        InvalidInputException shared = assertThrows(InvalidInputException.class, () -> retraining.setPolicy(elsewhere.id(),
                policy(rule.id(), null, false, false), "alice"), "an alert starts one retraining: rules are not shared");
        assertTrue(shared.fields().get("triggerRuleIds").contains(Long.toString(stream.id())), shared.fields().toString());

        fire(other);
        retraining.tick();
        assertEquals(1, retraining.list(stream.id(), 10).size(), "the cooldown holds the second alert back");
        clock.advance(Duration.ofMinutes(61));
        retraining.tick();
        List<Retraining> all = retraining.list(stream.id(), 10);
        assertEquals(2, all.size(), "after the cooldown the alert that is still open starts one");
        assertTrue(all.get(0).trigger().contains("meters uncertain too"), all.get(0).trigger());
    }

    @Test
    void itWaitsForLabelsGoesOnWhenToldAndAStopCancelsWhatItStarted() throws Exception {
        Stream stream = trainedStream("doors", List.of());
        String reference = models.getVersion(stream.latestModelVersionId()).reference();
        AlertRule rule = lowConfidenceRule("doors uncertain", reference);
        AlertRule offline = alerts.insertRule(new NewAlertRule("doors offline", AlertKind.EDGE_OFFLINE, null, null,
                null, null, null, null, 10, null, 60, true, List.of()), "alice", clock.instant());
        InvalidInputException wrongKind = assertThrows(InvalidInputException.class,
                () -> retraining.setPolicy(stream.id(), policy(offline.id(), null, false, true), "alice"));
        assertTrue(wrongKind.fields().containsKey("triggerRuleIds"), wrongKind.fields().toString());
        assertThrows(InvalidInputException.class,
                () -> retraining.setPolicy(stream.id(), policy(987_654L, null, false, true), "alice"));
        assertTrue(retraining.policy(stream.id()).isEmpty(), "nothing stored");
        retraining.setPolicy(stream.id(), new RetrainingPolicy(true, List.of(rule.id()), null, null, null, true, null,
                null, null, false, 0), "alice");

        source.samples = List.of();
        Retraining empty = retraining.start(stream.id(), null, "bob");
        assertTrue(empty.trigger().contains("started by bob"), empty.trigger());
        Retraining nothing = await(empty.id(), r -> r.state().finished());
        assertEquals(RetrainingState.FAILED, nothing.state());
        assertTrue(nothing.message().startsWith("no new samples"), nothing.message());

        source.samples = samples(30, 9);
        Retraining waiting = await(retraining.start(stream.id(), rule.id(), "bob").id(),
                r -> r.state() == RetrainingState.AWAITING_LABELS || r.state().finished());
        assertEquals(RetrainingState.AWAITING_LABELS, waiting.state(), waiting.message());
        assertEquals(1, datasets.versions(stream.datasetId()).size(), "nothing published while it waits");

        Retraining training = retraining.proceed(waiting.id(), "carol");
        assertEquals(RetrainingState.TRAINING, training.state(), training.message());
        assertEquals(2, datasets.versions(stream.datasetId()).size(), "published when told to go on");
        Retraining stopped = retraining.stop(training.id(), "carol");
        assertEquals(RetrainingState.STOPPED, stopped.state());
        assertTrue(stopped.message().contains("stopped by carol"), stopped.message());
        assertTrue(streams.run(stopped.trainingRunId()).cancelRequested() || streams.run(stopped.trainingRunId())
                .state() == RunState.CANCELLED, "the run it started is cancelled");
        assertThrows(ConflictException.class, () -> retraining.proceed(stopped.id(), "carol"));
        assertEquals(RetrainingState.STOPPED, retraining.stop(stopped.id(), "carol").state(), "stopping twice is harmless");
    }
}
