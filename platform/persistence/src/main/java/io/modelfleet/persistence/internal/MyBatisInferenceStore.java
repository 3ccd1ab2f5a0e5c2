package io.modelfleet.persistence.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.Page;
import io.modelfleet.api.inference.AggregateQuery;
import io.modelfleet.api.inference.EdgeEvent;
import io.modelfleet.api.inference.InferenceBucket;
import io.modelfleet.api.inference.InferenceQuery;
import io.modelfleet.api.inference.InferenceResult;
import io.modelfleet.api.inference.ReportedEvent;
import io.modelfleet.api.inference.InferenceSample;
import io.modelfleet.api.inference.ReportedResult;
import io.modelfleet.api.inference.SampleQuery;
import io.modelfleet.persistence.InferenceStore;

@Component(service = InferenceStore.class)
public final class MyBatisInferenceStore implements InferenceStore {
    private final Database db;

    /** The DS constructor; tests call it with a {@code TestDatabase}'s database. */
    @Activate
    public MyBatisInferenceStore(@Reference Database db) {
        this.db = db;
    }

    @Override
    public int insertResults(long edgeId, List<ReportedResult> results, Instant receivedAt) {
        if (results.isEmpty()) {
            return 0;
        }
        List<String> samples = new java.util.ArrayList<>(results.size());
        boolean anySample = false;
        for (ReportedResult r : results) {
            checkStorable(r.time(), "result", r.seq());
            String sample = r.sample() == null ? null : JsonColumns.write(r.sample());
            if (sample != null && sample.length() > ReportedResult.MAX_SAMPLE_CHARS) {
                throw new io.modelfleet.api.InvalidInputException("result seq " + r.seq() + ": the sample is "
                        + sample.length() + " characters of JSON; the limit is " + ReportedResult.MAX_SAMPLE_CHARS);
            }
            anySample |= sample != null;
            samples.add(sample);
        }
        if (!anySample) {
            return db.jdbc(connection -> ResultInsert.insert(connection, edgeId, results, receivedAt));
        }
        return db.jdbc(connection -> {
            int inserted = ResultInsert.insert(connection, edgeId, results, receivedAt);
            ResultInsert.insertSamples(connection, edgeId, results, samples);
            return inserted;
        });
    }


    @Override
    public int insertEvents(long edgeId, List<ReportedEvent> events, Instant receivedAt) {
        if (events.isEmpty()) {
            return 0;
        }
        events.forEach(e -> checkStorable(e.time(), "event", e.seq()));
        return db.write(InferenceMapper.class, m -> m.insertEvents(edgeId, events, receivedAt));
    }

    @Override
    public long countSamples(SampleQuery query) {
        return db.read(InferenceMapper.class, m -> m.countSamples(query));
    }

    @Override
    public void samples(SampleQuery query, java.util.function.Consumer<InferenceSample> consumer) {
        db.stream(InferenceMapper.class, m -> m.samples(query, context -> consumer.accept(context.getResultObject())));
    }

    @Override
    public Page<InferenceResult> results(InferenceQuery query) {
        return db.read(InferenceMapper.class, m -> {
            List<InferenceResult> items = m.results(query).stream()
                    .map(r -> new InferenceResult(r.edgeId(), r.seq(), r.time(), r.modelVersion(), r.stream(),
                            r.label(), r.score(), JsonColumns.probabilities(r.probabilities()), r.latencyMs(),
                            r.inputRef(), r.receivedAt()))
                    .toList();
            return new Page<>(items, m.countResults(query), query.page().limit(), query.page().offset());
        });
    }

    @Override
    public Page<EdgeEvent> events(InferenceQuery query) {
        return db.read(InferenceMapper.class,
                m -> new Page<>(m.events(query), m.countEvents(query), query.page().limit(), query.page().offset()));
    }

    @Override
    public List<InferenceBucket> aggregate(AggregateQuery query) {
        if (!InferenceRollups.answers(query)) {
            return rawAggregate(query);
        }
        int binsBelow = InferenceRollups.binsBelow(query.lowConfidenceBelow());
        // one transaction: the progress, the rollups and the raw rows not counted yet are one consistent snapshot
        return db.jdbc(connection -> {
            long[] counted = InferenceRollups.counted(connection);
            Map<Long, InferenceRollups.Sums> sums = new TreeMap<>();
            for (InferenceRollups.Segment segment : InferenceRollups.segments(query)) {
                InferenceRollups.sums(connection, segment.table(), query, binsBelow, segment.from(), segment.to(), sums);
            }
            InferenceRollups.uncountedSums(connection, query, counted, sums);
            List<InferenceBucket> buckets = new ArrayList<>(sums.size());
            sums.forEach((bucket, sum) -> {
                if (sum.count() > 0 || sum.failures() > 0) {
                    buckets.add(new InferenceBucket(start(query, bucket), sum.count(),
                            sum.scored() == 0 ? null : sum.scoreSum() / sum.scored(), sum.lowConfidence(), sum.failures()));
                }
            });
            return List.copyOf(buckets);
        });
    }

    /** The same buckets from raw rows only: for buckets or thresholds the rollups cannot answer; tests and benchmarks compare. */
    public List<InferenceBucket> rawAggregate(AggregateQuery query) {
        return db.read(InferenceMapper.class, m -> {
            Map<Long, Long> failures = new HashMap<>();
            for (InferenceMapper.FailureBucket f : m.failureBuckets(query)) {
                failures.put(f.bucket(), f.failures());
            }
            Map<Long, InferenceBucket> buckets = new TreeMap<>();
            for (InferenceMapper.ResultBucket r : m.resultBuckets(query)) {
                buckets.put(r.bucket(), new InferenceBucket(start(query, r.bucket()), r.count(), r.meanScore(),
                        r.lowConfidence(), failures.getOrDefault(r.bucket(), 0L)));
            }
            // buckets with failures but no results
            failures.forEach((bucket, failed) -> buckets.putIfAbsent(bucket,
                    new InferenceBucket(start(query, bucket), 0, null, 0, failed)));
            return List.copyOf(buckets.values());
        });
    }

    @Override
    public long rollUp(int maxRows, Duration settle, Instant now) {
        return InferenceRollups.rollUp(db, maxRows, settle, now);
    }

    @Override
    public int deleteRawBefore(Instant cutoff, int batch) {
        // rows not counted in the rollups yet (sent late by an edge that was offline) wait until they are
        return deleteCountedBefore("inference_result", cutoff, batch) + deleteCountedBefore("edge_event", cutoff, batch)
                + InferenceRollups.deleteBefore(db, "inference_sample", "time", cutoff, batch);
    }

    /** {@code table} is a constant naming both the raw table and its rollup_progress source. */
    private int deleteCountedBefore(String table, Instant cutoff, int batch) {
        return db.jdbc(connection -> {
            try (java.sql.PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table
                    + " WHERE time < ? AND id <= (SELECT last_id FROM rollup_progress WHERE source = ?) LIMIT ?")) {
                delete.setObject(1, InferenceRollups.utc(cutoff));
                delete.setString(2, table);
                delete.setInt(3, batch);
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public int deleteRollupsBefore(Instant minuteCutoff, Instant hourCutoff, int batch) {
        return InferenceRollups.deleteBefore(db, InferenceRollups.MINUTE, "bucket", minuteCutoff, batch)
                + InferenceRollups.deleteBefore(db, InferenceRollups.HOUR, "bucket", hourCutoff, batch);
    }

    /** INSERT IGNORE would quietly store an out-of-range time as a zero date. */
    private static void checkStorable(Instant time, String what, long seq) {
        if (!UtcInstantTypeHandler.storable(time)) {
            throw new InvalidInputException("time " + time + " of " + what + " seq " + seq
                    + " is outside the years 1000 to 9999");
        }
    }

    private static Instant start(AggregateQuery query, long bucket) {
        return query.from().plusSeconds(bucket * query.bucketSeconds());
    }
}
