package io.modelfleet.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.modelfleet.api.inference.AggregateQuery;
import io.modelfleet.api.inference.EdgeEventKind;
import io.modelfleet.api.inference.InferenceBucket;
import io.modelfleet.api.inference.ReportedEvent;
import io.modelfleet.api.inference.ReportedResult;
import io.modelfleet.persistence.testing.TestDatabase;

/**
 * The rollups against MariaDB: every query the rollups answer must give exactly what the raw rows give, before and
 * after counting, with rows not counted yet, rows sent late, on two servers counting at once; retention removes only
 * what is counted and old.
 */
class InferenceRollupsTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final String[] LABELS = {"ok", "defect", "unknown", null};
    private static final String[] MODELS = {"m:1", "m:2", null};

    private TestDatabase db;
    private MyBatisInferenceStore store;
    private long seq;

    @BeforeEach
    void setUp() {
        db = TestDatabase.create();
        store = new MyBatisInferenceStore(db.database());
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
    }

    /** Results of 3 edges spread over three hours: scores on and off the histogram grid, nulls, failures. */
    private void ingest(int count, long seed, Instant from, Duration span) {
        Random random = new Random(seed);
        for (long edge = 1; edge <= 3; edge++) {
            List<ReportedResult> results = new ArrayList<>();
            List<ReportedEvent> events = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Instant time = from.plusMillis((long) (random.nextDouble() * span.toMillis()));
                Double score = switch (random.nextInt(6)) {
                    case 0 -> null;
                    case 1 -> 0.05 * random.nextInt(21); // exactly on the grid, 0 and 1 included
                    default -> random.nextDouble();
                };
                results.add(new ReportedResult(++seq, time, MODELS[random.nextInt(MODELS.length)], null,
                        LABELS[random.nextInt(LABELS.length)], score, null, 1.0, null));
                if (random.nextInt(10) == 0) {
                    events.add(new ReportedEvent(seq, EdgeEventKind.INFERENCE_FAILURE, time,
                            MODELS[random.nextInt(MODELS.length)], "decode failed"));
                }
            }
            store.insertResults(edge, results, from);
            if (!events.isEmpty()) {
                store.insertEvents(edge, events, from);
            }
        }
    }

    /** Counts everything there is: a round sees the newest id, the next ones (settle 0) count up to it. */
    private long countAll(int batch) {
        long counted = 0;
        for (int idle = 0; idle < 2;) {
            long round = store.rollUp(batch, Duration.ZERO, Instant.now());
            counted += round;
            idle = round == 0 ? idle + 1 : 0;
        }
        return counted;
    }

    private List<AggregateQuery> queries() {
        List<AggregateQuery> queries = new ArrayList<>();
        Instant end = T0.plus(Duration.ofHours(4));
        for (Long edge : new Long[] {null, 2L}) {
            for (String model : new String[] {null, "m:1"}) {
                queries.add(new AggregateQuery(edge, model, T0, end, 60, 0.5));
                queries.add(new AggregateQuery(edge, model, T0, end, 3600, 0.5));
                queries.add(new AggregateQuery(edge, model, T0.plusSeconds(1800), end, 600, 0.25));
                queries.add(new AggregateQuery(edge, model, T0, end, 7200, 0.95));
                queries.add(new AggregateQuery(edge, model, T0.plusSeconds(3600), end.minusSeconds(3600), 3600, 0.7));
                queries.add(new AggregateQuery(edge, model, T0, end, 7200, 1.0));
                // not answerable from rollups: off-grid threshold, buckets not whole minutes, start off the minute
                queries.add(new AggregateQuery(edge, model, T0, end, 3600, 0.33));
                queries.add(new AggregateQuery(edge, model, T0, end, 90, 0.5));
                queries.add(new AggregateQuery(edge, model, T0.plusSeconds(7), end, 60, 0.5));
            }
        }
        return queries;
    }

    private void assertSameAsRaw(String when) {
        for (AggregateQuery query : queries()) {
            List<InferenceBucket> rolled = store.aggregate(query);
            List<InferenceBucket> raw = store.rawAggregate(query);
            assertEquals(raw.size(), rolled.size(), () -> when + ": bucket count of " + query);
            for (int i = 0; i < raw.size(); i++) {
                InferenceBucket expected = raw.get(i);
                InferenceBucket actual = rolled.get(i);
                String what = when + ", bucket " + i + " of " + query;
                assertEquals(expected.start(), actual.start(), what);
                assertEquals(expected.count(), actual.count(), what);
                assertEquals(expected.lowConfidence(), actual.lowConfidence(), what);
                assertEquals(expected.failures(), actual.failures(), what);
                if (expected.meanScore() == null) {
                    assertNull(actual.meanScore(), what);
                } else {
                    assertNotNull(actual.meanScore(), what);
                    assertEquals(expected.meanScore(), actual.meanScore(), 1e-9, what);
                }
            }
        }
    }

    @Test
    void rollupsAnswerExactlyWhatRawRowsAnswerBeforeDuringAndAfterCounting() throws Exception {
        ingest(400, 1, T0, Duration.ofHours(3));
        assertSameAsRaw("nothing counted yet");
        assertEquals(1200 + failures(), countAll(500), "every raw row counted once");
        assertTrue(rollupRows("inference_rollup_minute") > 0);
        assertSameAsRaw("all counted");
        assertEquals(0, store.rollUp(500, Duration.ZERO, Instant.now()), "nothing is counted twice");

        ingest(100, 2, T0.plus(Duration.ofMinutes(170)), Duration.ofMinutes(30));
        assertSameAsRaw("new rows not counted yet");
        // an edge that was offline sends results from the first hour late
        ingest(50, 3, T0.plusSeconds(600), Duration.ofMinutes(20));
        assertSameAsRaw("late rows not counted yet");
        countAll(64);
        assertSameAsRaw("all counted again in small batches");
    }

    @Test
    void rowsAreCountedOnlyOnceTheNewestIsSettled() throws Exception {
        ingest(10, 4, T0, Duration.ofMinutes(5));
        Instant now = Instant.now();
        assertEquals(0, store.rollUp(1000, Duration.ofSeconds(30), now), "the newest id is only seen now");
        assertEquals(0, store.rollUp(1000, Duration.ofSeconds(30), now.plusSeconds(29)), "not settled yet");
        assertEquals(30 + failures(), store.rollUp(1000, Duration.ofSeconds(30), now.plusSeconds(30)));
    }

    @Test
    void twoServersCountingAtOnceCountEachRowOnce() throws Exception {
        ingest(2000, 5, T0, Duration.ofHours(3));
        store.rollUp(100, Duration.ZERO, Instant.now());
        MyBatisInferenceStore other = new MyBatisInferenceStore(db.database());
        ExecutorService servers = Executors.newFixedThreadPool(2);
        try {
            List<Future<Long>> counted = new ArrayList<>();
            for (MyBatisInferenceStore server : List.of(store, other)) {
                counted.add(servers.submit(() -> {
                    long total = 0;
                    long round;
                    while ((round = server.rollUp(97, Duration.ZERO, Instant.now())) > 0) {
                        total += round;
                    }
                    return total;
                }));
            }
            long total = counted.get(0).get() + counted.get(1).get();
            total += countAll(97);
            assertEquals(6000 + failures(), total);
        } finally {
            servers.shutdownNow();
        }
        assertEquals(6000, db.queryLong("SELECT SUM(results) FROM inference_rollup_hour WHERE edge_id = 0"));
        assertEquals(6000, db.queryLong("SELECT SUM(results) FROM inference_rollup_hour WHERE edge_id <> 0"));
        assertEquals(6000, db.queryLong("SELECT SUM(results) FROM inference_rollup_minute WHERE edge_id = 0"));
        assertEquals(0, db.queryLong("SELECT COUNT(*) FROM inference_rollup_minute WHERE edge_id <> 0"),
                "minutes are kept for the fleet only");
        assertSameAsRaw("counted by two servers");
    }

    @Test
    void retentionRemovesOnlyCountedOldRowsInBatches() throws Exception {
        ingest(300, 6, T0, Duration.ofHours(2));
        countAll(1000);
        // sent late, not counted yet: retention must wait for it
        store.insertResults(9, List.of(new ReportedResult(1, T0.plusSeconds(5), "m:1", null, "ok", 0.9, null, 1.0, null)),
                T0);
        Instant cutoff = T0.plus(Duration.ofHours(1));
        long old = db.queryLong("SELECT COUNT(*) FROM inference_result WHERE time < '2026-11-23 11:00:00'");
        long oldFailures = db.queryLong("SELECT COUNT(*) FROM edge_event WHERE time < '2026-11-23 11:00:00'");
        long deleted = 0;
        int round;
        while ((round = store.deleteRawBefore(cutoff, 50)) > 0) {
            assertTrue(round <= 150, "at most one batch per table");
            deleted += round;
        }
        assertEquals(old - 1 + oldFailures, deleted, "counted old results and events are gone");
        assertEquals(1, db.queryLong("SELECT COUNT(*) FROM inference_result WHERE time < '2026-11-23 11:00:00'"),
                "only the late, uncounted result is left");
        assertEquals(0, db.queryLong("SELECT COUNT(*) FROM edge_event WHERE time < '2026-11-23 11:00:00'"));
        // the rollups still answer for the removed hour, with the late result added from the raw rows
        List<InferenceBucket> firstHour = store.aggregate(new AggregateQuery(null, null, T0, cutoff, 3600, 0.5));
        assertEquals(old, firstHour.get(0).count());
        assertEquals(oldFailures, firstHour.get(0).failures());

        long minuteRows = rollupRows("inference_rollup_minute");
        assertTrue(store.deleteRollupsBefore(cutoff, T0, 10) <= 10);
        while (store.deleteRollupsBefore(cutoff, T0, 10) > 0) {
            // batch by batch
        }
        assertTrue(rollupRows("inference_rollup_minute") < minuteRows);
        assertEquals(0, db.queryLong("SELECT COUNT(*) FROM inference_rollup_minute WHERE bucket < '2026-11-23 11:00:00'"));
        assertTrue(rollupRows("inference_rollup_hour") > 0, "hours are kept longer");
    }

    @Test
    void thresholdsOnTheGridAreRecognised() {
        assertEquals(10, InferenceRollups.binsBelow(0.5));
        assertEquals(1, InferenceRollups.binsBelow(0.05));
        assertEquals(19, InferenceRollups.binsBelow(0.95));
        assertEquals(-1, InferenceRollups.binsBelow(1.0), "the last bin also holds scores of 1");
        assertEquals(7, InferenceRollups.binsBelow(0.35));
        assertEquals(-1, InferenceRollups.binsBelow(0.33));
        assertEquals(-1, InferenceRollups.binsBelow(0.0));
        assertEquals(-1, InferenceRollups.binsBelow(1.05));
        assertEquals("0.35", InferenceRollups.threshold(7));
    }

    private long failures() throws Exception {
        return db.queryLong("SELECT COUNT(*) FROM edge_event");
    }

    private long rollupRows(String table) throws Exception {
        return db.queryLong("SELECT COUNT(*) FROM " + table);
    }
}
