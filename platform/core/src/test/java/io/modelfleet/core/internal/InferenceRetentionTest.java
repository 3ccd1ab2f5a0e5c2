package io.modelfleet.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.modelfleet.api.inference.AggregateQuery;
import io.modelfleet.api.inference.ReportedResult;
import io.modelfleet.persistence.internal.MyBatisInferenceStore;
import io.modelfleet.persistence.testing.TestDatabase;
import io.modelfleet.testkit.ConfigAnnotations;

/** The rollup and retention passes over a real store: a backlog is counted batch by batch, old rows go. */
class InferenceRetentionTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private TestDatabase db;
    private MyBatisInferenceStore store;

    @BeforeEach
    void setUp() {
        db = TestDatabase.create();
        store = new MyBatisInferenceStore(db.database());
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
    }

    private InferenceRetention retention(int rawDays) {
        RetentionConfiguration config = ConfigAnnotations.of(RetentionConfiguration.class, Map.of(
                "rollupSettleSeconds", 0, "rollupBatchRows", 40, "rawRetentionDays", rawDays,
                "minuteRollupRetentionDays", 2, "hourRollupRetentionDays", 400, "retentionBatchRows", 25));
        return new InferenceRetention(store, config, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void results(long edge, Instant from, int count) {
        List<ReportedResult> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            results.add(new ReportedResult(i + 1, from.plusSeconds(i * 60L), "m:1", null, "ok", 0.3, null, 1.0, null));
        }
        store.insertResults(edge, results, NOW);
    }

    @Test
    void aBacklogIsCountedInOnePassAndExpiredRowsGoInBatches() throws Exception {
        results(1, NOW.minus(Duration.ofDays(5)), 100); // older than the raw retention below
        results(2, NOW.minus(Duration.ofHours(3)), 100);
        InferenceRetention retention = retention(3);
        assertEquals(0, retention.rollUp(), "the first pass only sees the newest id");
        assertEquals(200, retention.rollUp(), "the backlog, 40 rows per transaction, in one pass");

        long deleted = retention.expire();
        assertEquals(0, db.queryLong("SELECT COUNT(*) FROM inference_result WHERE edge_id = 1"));
        assertEquals(100, db.queryLong("SELECT COUNT(*) FROM inference_result WHERE edge_id = 2"));
        long fleetMinutesOfEdge1 = 100; // minutes are rolled up for the fleet only
        assertEquals(100 + fleetMinutesOfEdge1, deleted, "raw rows and per-minute rollups past their retention");
        Instant fiveDaysAgo = NOW.minus(Duration.ofDays(5)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        assertEquals(100, store.aggregate(new AggregateQuery(1L, null, fiveDaysAgo, NOW, 86_400, 0.5)).stream()
                .mapToLong(b -> b.lowConfidence()).sum(), "the hour rollups still answer for the removed days");
    }
}
