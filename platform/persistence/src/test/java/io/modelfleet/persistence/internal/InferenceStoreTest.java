package io.modelfleet.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.modelfleet.api.PageRequest;
import io.modelfleet.api.inference.AggregateQuery;
import io.modelfleet.api.inference.EdgeEventKind;
import io.modelfleet.api.inference.InferenceBucket;
import io.modelfleet.api.inference.InferenceQuery;
import io.modelfleet.api.inference.InferenceResult;
import io.modelfleet.api.inference.ReportedEvent;
import io.modelfleet.api.inference.ReportedResult;
import io.modelfleet.persistence.testing.TestDatabase;

class InferenceStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static TestDatabase db;
    private static MyBatisInferenceStore store;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create();
        store = new MyBatisInferenceStore(db.database());
    }

    @AfterAll
    static void tearDown() throws Exception {
        db.close();
    }

    private static ReportedResult result(long seq, int secondsAfterT0, Double score) {
        return new ReportedResult(seq, T0.plusSeconds(secondsAfterT0), "v1.0", null, "ok", score,
                score == null ? null : Map.of("ok", score, "defect", 1 - score), 2.5, null);
    }

    @Test
    void batchesAreIdempotentBySeq() {
        long edge = 1;
        List<ReportedResult> batch = List.of(result(1, 0, 0.9), result(2, 1, 0.8), result(3, 2, 0.7));
        assertEquals(3, store.insertResults(edge, batch, T0));
        assertEquals(0, store.insertResults(edge, batch, T0), "the same batch again stores nothing");
        assertEquals(1, store.insertResults(edge, List.of(result(3, 2, 0.7), result(4, 3, 0.6), result(4, 3, 0.6)), T0),
                "repeats inside a batch and across batches count once");
        assertEquals(2, store.insertResults(2, List.of(result(1, 0, 0.5), result(2, 0, 0.5)), T0),
                "seq is per edge");
        var page = store.results(new InferenceQuery(edge, null, null, null, new PageRequest(10, 0)));
        assertEquals(4, page.total());
        InferenceResult newest = page.items().get(0);
        assertEquals(4, newest.seq());
        assertEquals(Map.of("ok", 0.6, "defect", 1 - 0.6), newest.probabilities());
        assertEquals(T0.plusSeconds(3), newest.time());
    }

    @Test
    void aThousandRowsGoInOneStatement() {
        List<ReportedResult> batch = new ArrayList<>();
        for (int seq = 0; seq < 1000; seq++) {
            batch.add(new ReportedResult(seq, T0, "v1.0", "stream-" + seq, "label-" + seq, 0.5,
                    Map.of("a", 0.25, "b", 0.75), 1.0, "blob://" + seq));
        }
        assertEquals(1000, store.insertResults(77, batch, T0));
        assertEquals(1000, store.results(new InferenceQuery(77L, null, null, null, null)).total());
    }

    @Test
    void aggregatesPerBucket() {
        long edge = 42;
        // bucket 0 (first minute): scores 0.9, 0.3, null; bucket 2: 0.2
        store.insertResults(edge, List.of(result(1, 5, 0.9), result(2, 10, 0.3), result(3, 20, null),
                result(4, 130, 0.2)), T0);
        store.insertEvents(edge, List.of(new ReportedEvent(1, EdgeEventKind.INFERENCE_FAILURE, T0.plusSeconds(30), "v1.0", "bad input"),
                new ReportedEvent(2, EdgeEventKind.INFERENCE_FAILURE, T0.plusSeconds(70), "v1.0", "bad input"),
                new ReportedEvent(1, EdgeEventKind.EDGE_ERROR, T0.plusSeconds(71), null, "disk full")), T0);
        List<InferenceBucket> buckets = store.aggregate(new AggregateQuery(edge, null, T0, T0.plusSeconds(180), 60, 0.5));
        assertEquals(3, buckets.size());
        InferenceBucket first = buckets.get(0);
        assertEquals(T0, first.start());
        assertEquals(3, first.count());
        assertEquals(0.6, first.meanScore(), 1e-9);
        assertEquals(1, first.lowConfidence());
        assertEquals(1, first.failures());
        InferenceBucket failuresOnly = buckets.get(1);
        assertEquals(T0.plusSeconds(60), failuresOnly.start());
        assertEquals(0, failuresOnly.count());
        assertNull(failuresOnly.meanScore());
        assertEquals(1, failuresOnly.failures(), "edge errors are not inference failures");
        assertEquals(1, buckets.get(2).lowConfidence());
        assertEquals(List.of(), store.aggregate(new AggregateQuery(edge, "v9", T0, T0.plusSeconds(180), 60, 0.5)));
    }

    @Test
    void eventsAreIdempotentByKindAndSeq() {
        long edge = 9;
        List<ReportedEvent> events = List.of(new ReportedEvent(1, EdgeEventKind.EDGE_ERROR, T0, null, "camera lost"),
                new ReportedEvent(1, EdgeEventKind.INFERENCE_FAILURE, T0, "v1", "nan output"));
        assertEquals(2, store.insertEvents(edge, events, T0));
        assertEquals(0, store.insertEvents(edge, events, T0));
        var page = store.events(new InferenceQuery(edge, null, T0, T0.plusSeconds(1), null));
        assertEquals(2, page.total());
        assertEquals(edge, page.items().get(0).edgeId());
    }
}
