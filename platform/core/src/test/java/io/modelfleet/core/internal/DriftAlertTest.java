package io.modelfleet.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.alert.Alert;
import io.modelfleet.api.alert.AlertKind;
import io.modelfleet.api.alert.NewAlertRule;
import io.modelfleet.api.dataset.Dataset;
import io.modelfleet.api.dataset.ImportJob;
import io.modelfleet.api.dataset.NewDataset;
import io.modelfleet.api.edge.DeviceInfo;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.EnrollmentToken;
import io.modelfleet.api.inference.ReportedResult;
import io.modelfleet.api.model.DriftMeasure;
import io.modelfleet.api.model.DriftQuery;
import io.modelfleet.api.model.DriftReport;
import io.modelfleet.api.model.ModelLineage;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.api.model.NewModelVersion;
import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.source.DataItem;
import io.modelfleet.persistence.NewEdgeRecord;
import io.modelfleet.persistence.NewModelVersionRecord;
import io.modelfleet.persistence.internal.MyBatisAlertStore;
import io.modelfleet.persistence.internal.MyBatisDatasetStore;
import io.modelfleet.persistence.internal.MyBatisEdgeStore;
import io.modelfleet.persistence.internal.MyBatisInferenceStore;
import io.modelfleet.persistence.internal.MyBatisModelStore;
import io.modelfleet.persistence.testing.TestDatabase;

/**
 * Drift on MariaDB: a model version trained on a tabular dataset version, edges sending samples; samples like the
 * training data do not drift and fire nothing, a shifted input does, and a DRIFT rule fires and then resolves.
 */
class DriftAlertTest {
    private static final Instant START = Instant.parse("2026-12-06T12:00:00Z");
    private TestDatabase db;
    private TestSupport.MovableClock clock;
    private MyBatisInferenceStore inference;
    private MyBatisModelStore models;
    private MyBatisAlertStore alerts;
    private DriftServiceImpl drift;
    private AlertEvaluator evaluator;
    private long edgeId;
    private long seq;
    private final SplittableRandom random = new SplittableRandom(42);

    @BeforeEach
    void setUp() {
        db = TestDatabase.create();
        clock = new TestSupport.MovableClock(START);
        MyBatisEdgeStore edges = new MyBatisEdgeStore(db.database());
        MyBatisDatasetStore datasets = new MyBatisDatasetStore(db.database());
        inference = new MyBatisInferenceStore(db.database());
        models = new MyBatisModelStore(db.database());
        alerts = new MyBatisAlertStore(db.database());
        drift = new DriftServiceImpl(models, datasets, inference, edges, clock);
        evaluator = new AlertEvaluator(alerts, inference, drift, clock, "server-a", Duration.ofSeconds(45));

        Dataset dataset = datasets.insertDataset(new NewDataset("sensors", null, DatasetKind.TABULAR,
                List.of("temperature", "vibration"), List.of("ok", "worn")), "alice", START);
        ImportJob job = datasets.insertJob(dataset.id(), "local", "alice", "server-a", START.plusSeconds(60), START);
        List<DataItem> items = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            items.add(new DataItem("row-" + i, Map.of("temperature", Double.toString(normal(40, 5)), "vibration",
                    Double.toString(normal(1, 0.2))), null, null, random.nextDouble() < 0.8 ? "ok" : "worn", null));
        }
        datasets.stage(dataset.id(), job.id(), items, START);
        datasets.commitStaged(job.id());
        long datasetVersion = datasets.publish(dataset.id(), "alice", START).id();
        models.insert(new NewModelVersionRecord(new NewModelVersion("wear", "1", "onnx", Map.of(), Map.of(),
                new ModelLineage(null, null, datasetVersion, null)), "a".repeat(64), 10, "models/wear.onnx", null,
                "alice", START));
        models.insert(new NewModelVersionRecord(new NewModelVersion("uploaded", "1", "onnx", Map.of(), Map.of(),
                ModelLineage.NONE), "b".repeat(64), 10, "models/up.onnx", null, "alice", START));

        EnrollmentToken token = edges.insertToken("t", null, 1, START.plusSeconds(60), "admin", START);
        edgeId = edges.insertEdge(new NewEdgeRecord("press-3", "c".repeat(64), DeviceInfo.UNKNOWN, token.id(), START))
                .orElseThrow();
        edges.updateState(edgeId, EdgeState.APPROVED, "admin", START);
    }

    @AfterEach
    void tearDown() throws Exception {
        evaluator.deactivate();
        db.close();
    }

    private double normal(double mean, double sd) {
        return mean + sd * Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** The edge sends {@code count} results of wear:1 with their inputs sampled, timed now. */
    private void report(int count, double temperatureMean) {
        List<ReportedResult> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(new ReportedResult(++seq, clock.instant(), "wear:1", null, random.nextDouble() < 0.8 ? "ok" : "worn",
                    0.9, null, 2.0, null, Map.of("temperature", normal(temperatureMean, 5), "vibration", normal(1, 0.2))));
        }
        inference.insertResults(edgeId, batch, clock.instant());
    }

    private long modelId(String name) {
        return models.find(name, "1").map(ModelVersion::id).orElseThrow();
    }

    @Test
    void samplesLikeTheTrainingDataDoNotDriftAndAShiftedInputDoes() {
        report(400, 40);
        DriftReport same = drift.drift(modelId("wear"), new DriftQuery(60, null, null, null, null, null));
        assertEquals(2_000, same.referenceCount());
        assertEquals(400, same.liveCount());
        assertEquals(List.of("label", "temperature", "vibration"), same.measures().stream().map(DriftMeasure::name).toList(),
                "the dataset has no scores: labels and the two inputs are compared");
        assertFalse(same.drifted(), same.toString());

        clock.advance(Duration.ofMinutes(61));
        report(400, 48); // 1.6 standard deviations warmer
        DriftReport shifted = drift.drift(modelId("wear"), new DriftQuery(60, null, null, null, null, null));
        assertTrue(shifted.drifted());
        assertEquals(List.of("temperature"), shifted.measures().stream().filter(DriftMeasure::drifted)
                .map(DriftMeasure::name).toList());
        assertTrue(shifted.maxPsi() > 1, "PSI " + shifted.maxPsi());

        assertThrows(ConflictException.class, () -> drift.drift(modelId("uploaded"), new DriftQuery(60, null, null,
                null, null, null)), "an uploaded model has no training data to compare with");
        DriftReport tooFew = drift.drift(modelId("wear"), new DriftQuery(60, null, null, null, null, 1_000));
        assertFalse(tooFew.drifted());
        assertTrue(tooFew.measures().isEmpty(), "fewer samples than minLive compare nothing");
    }

    @Test
    void aDriftRuleFiresOnAShiftAndResolvesWhenTheInputsReturn() {
        alerts.insertRule(new NewAlertRule("wear drift", AlertKind.DRIFT, null, "line", "press", "wear:1", null, null,
                30, 200L, 0, true, List.of()), "alice", START);
        alerts.insertRule(new NewAlertRule("wear drift everywhere", AlertKind.DRIFT, null, null, null, "wear:1", null,
                null, 30, 200L, 0, true, List.of()), "alice", START);
        report(300, 40);
        assertTrue(evaluator.evaluate());
        assertEquals(0, alerts.alerts(true, null, PageRequest.of(null, null)).total(), "no drift, no alert");

        clock.advance(Duration.ofMinutes(31));
        report(300, 50);
        assertTrue(evaluator.evaluate());
        List<Alert> open = alerts.alerts(true, null, PageRequest.of(null, null)).items();
        assertEquals(1, open.size(), "the edge has no line=press tag: only the fleet-wide rule fires");
        Alert fired = open.get(0);
        assertEquals("model:wear:1", fired.subject());
        assertTrue(fired.message().contains("temperature (PSI"), fired.message());

        clock.advance(Duration.ofMinutes(31));
        report(300, 40);
        assertTrue(evaluator.evaluate());
        assertEquals(0, alerts.alerts(true, null, PageRequest.of(null, null)).total(), "the inputs returned: resolved");
    }
}
