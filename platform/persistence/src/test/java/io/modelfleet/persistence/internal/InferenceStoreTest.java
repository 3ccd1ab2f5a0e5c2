package io.modelfleet.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.inference.AggregateQuery;
import io.modelfleet.api.inference.EdgeEvent;
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
    void samplesArriveWithTheirResultsOnceAndAreSelectedByEdgeTimeScoreAndLabel() {
        Map<String, Object> input = Map.of("input", List.of(List.of(0.5, 1.5)));
        ReportedResult sampled = new ReportedResult(1, T0, "m:1", null, "cat", 0.4, null, 1.0, null, input);
        ReportedResult plain = new ReportedResult(2, T0.plusSeconds(1), "m:1", null, "dog", 0.9, null, 1.0, null);
        ReportedResult confident = new ReportedResult(3, T0.plusSeconds(2), "m:1", null, "dog", 0.95, null, 1.0, null, input);
        assertEquals(3, store.insertResults(501, List.of(sampled, plain, confident), T0));
        assertEquals(0, store.insertResults(501, List.of(sampled, plain, confident), T0), "a repeated batch adds nothing");
        store.insertResults(502, List.of(new ReportedResult(1, T0, "m:1", null, "cat", 0.2, null, 1.0, null, input)), T0);

        List<io.modelfleet.api.inference.InferenceSample> all = new java.util.ArrayList<>();
        store.samples(new io.modelfleet.api.inference.SampleQuery(List.of(501L, 502L), null, null, null, null, null, 100), all::add);
        assertEquals(List.of("501/1", "501/3", "502/1"), all.stream().map(s -> s.edgeId() + "/" + s.seq()).toList());
        assertEquals("{\"input\":[[0.5,1.5]]}", all.get(0).inputJson());
        assertEquals("m:1", all.get(0).modelVersion());
        List<io.modelfleet.api.inference.InferenceSample> newest = new java.util.ArrayList<>();
        store.samples(new io.modelfleet.api.inference.SampleQuery(List.of(501L, 502L), null, null, null, null, null, 2, true),
                newest::add);
        assertEquals(List.of("501/3", "502/1"), newest.stream().map(s -> s.edgeId() + "/" + s.seq()).toList(),
                "newest first: by time, then the higher edge and seq");
        store.insertResults(502, List.of(new ReportedResult(2, T0.minusSeconds(60), "m:1", null, "dog", 0.9, null, 1.0, null,
                input)), T0);
        newest.clear();
        store.samples(new io.modelfleet.api.inference.SampleQuery(List.of(502L), null, null, null, null, null, 10, true),
                newest::add);
        assertEquals(List.of(2L, 1L), newest.stream().map(s -> s.seq()).toList(),
                "one edge's newest by seq: the agent's order, even when its clock went back");
        var lowCats = new io.modelfleet.api.inference.SampleQuery(List.of(501L, 502L), null, null, null, 0.5, "cat", 100);
        assertEquals(2, store.countSamples(lowCats));
        var fromEdge501Later = new io.modelfleet.api.inference.SampleQuery(List.of(501L), T0.plusSeconds(1), null, null, null, null, 100);
        assertEquals(1, store.countSamples(fromEdge501Later));

        String huge = "x".repeat(ReportedResult.MAX_SAMPLE_CHARS);
        assertThrows(io.modelfleet.api.InvalidInputException.class, () -> store.insertResults(503,
                List.of(new ReportedResult(1, T0, null, null, null, null, null, null, null, Map.of("input", huge))), T0));
        assertEquals(0, store.results(new InferenceQuery(503L, null, null, null, null)).total(), "nothing of the batch is stored");
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
    void aFullBatchOfAThousandRowsIsStored() {
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

    @Test
    void bucketsAreHalfOpenAndAlignedToFrom() {
        long edge = 43;
        Instant from = T0.plusMillis(500);
        store.insertResults(edge, List.of(
                new ReportedResult(1, from.minusMillis(1), "v2", null, null, 0.1, null, null, null),
                new ReportedResult(2, from, "v2", null, null, 0.5, null, null, null),
                new ReportedResult(3, from.plusMillis(59_999), "v2", null, null, 0.49, null, null, null),
                new ReportedResult(4, from.plusSeconds(60), "v2", null, null, 1.0, null, null, null),
                new ReportedResult(5, from.plusSeconds(120), "v2", null, null, 0.0, null, null, null),
                new ReportedResult(6, from.plusSeconds(30), "v1", null, null, 0.0, null, null, null)), T0);
        List<InferenceBucket> buckets = store.aggregate(new AggregateQuery(edge, "v2", from, from.plusSeconds(120),
                60, 0.5));
        assertEquals(List.of(new InferenceBucket(from, 2, (0.5 + 0.49) / 2, 1, 0),
                new InferenceBucket(from.plusSeconds(60), 1, 1.0, 0, 0)), buckets,
                "59.999 s is still the first bucket, 'to' and earlier rows are out, score == threshold is not low");
        assertEquals(3, store.aggregate(new AggregateQuery(edge, null, from, from.plusSeconds(60), 60, 0.5)).get(0)
                .count(), "without a model filter v1 counts too");
    }

    @Test
    void resultsComeNewestFirstWithFiltersAndPaging() {
        long edge = 44;
        store.insertResults(edge, List.of(result(1, 0, 0.5), result(2, 10, 0.5), result(3, 10, 0.5),
                result(4, 20, 0.5)), T0);
        store.insertResults(edge, List.of(new ReportedResult(5, T0.plusSeconds(30), "v2.0", "cam-2", "x", null,
                null, null, "s3://bucket/5.jpg")), T0.plusSeconds(31));
        assertEquals(List.of(5L, 4L, 3L, 2L, 1L), seqs(new InferenceQuery(edge, null, null, null, null)),
                "equal times: the later insert first");
        assertEquals(List.of(3L, 2L), seqs(new InferenceQuery(edge, null, null, null, new PageRequest(2, 2))));
        assertEquals(5, store.results(new InferenceQuery(edge, null, null, null, new PageRequest(2, 2))).total());
        assertEquals(List.of(3L, 2L, 1L), seqs(new InferenceQuery(edge, "v1.0", null, T0.plusSeconds(20), null)),
                "'to' is exclusive");
        assertEquals(List.of(4L, 3L, 2L), seqs(new InferenceQuery(edge, "v1.0", T0.plusSeconds(10), null, null)));
        InferenceResult stored = store.results(new InferenceQuery(edge, "v2.0", null, null, null)).items().get(0);
        assertEquals(new InferenceResult(edge, 5, T0.plusSeconds(30), "v2.0", "cam-2", "x", null, null, null,
                "s3://bucket/5.jpg", T0.plusSeconds(31)), stored);
        assertEquals(0, store.results(new InferenceQuery(edge + 1000, null, null, null, null)).total());
    }

    private static List<Long> seqs(InferenceQuery query) {
        return store.results(query).items().stream().map(InferenceResult::seq).toList();
    }

    @Test
    void timesADatetimeCannotHoldAreRefusedNotZeroed() {
        long edge = 45;
        ReportedResult future = new ReportedResult(1, Instant.parse("+10000-01-01T00:00:00Z"), null, null, null,
                null, null, null, null);
        assertThrows(InvalidInputException.class, () -> store.insertResults(edge, List.of(result(2, 0, 0.5), future),
                T0));
        assertThrows(InvalidInputException.class, () -> store.insertEvents(edge, List.of(new ReportedEvent(1,
                EdgeEventKind.EDGE_ERROR, Instant.parse("0999-12-31T23:59:59Z"), null, "rtc lost")), T0));
        assertEquals(0, store.results(new InferenceQuery(edge, null, null, null, null)).total());
        assertEquals(1, store.insertResults(edge, List.of(new ReportedResult(3, Instant.EPOCH, null, null, null,
                null, null, null, null)), T0), "a device with a reset clock still reports");
    }

    @Test
    void eventsComeNewestFirstWithAllFields() {
        long edge = 46;
        store.insertEvents(edge, List.of(new ReportedEvent(1, EdgeEventKind.EDGE_ERROR, T0, null, "camera lost"),
                new ReportedEvent(2, EdgeEventKind.INFERENCE_FAILURE, T0.plusSeconds(5), "v1", "nan output")),
                T0.plusSeconds(6));
        var page = store.events(new InferenceQuery(edge, null, null, null, new PageRequest(1, 0)));
        assertEquals(2, page.total());
        assertEquals(List.of(new EdgeEvent(edge, 2, EdgeEventKind.INFERENCE_FAILURE, T0.plusSeconds(5), "v1",
                "nan output", T0.plusSeconds(6))), page.items());
        assertEquals(1, store.events(new InferenceQuery(edge, "v1", null, null, null)).total());
    }
}
