package io.modelfleet.persistence.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelfleet.api.Page;
import io.modelfleet.api.inference.AggregateQuery;
import io.modelfleet.api.inference.EdgeEvent;
import io.modelfleet.api.inference.InferenceBucket;
import io.modelfleet.api.inference.InferenceQuery;
import io.modelfleet.api.inference.InferenceResult;
import io.modelfleet.api.inference.ReportedEvent;
import io.modelfleet.api.inference.ReportedResult;
import io.modelfleet.persistence.InferenceStore;

@Component(service = InferenceStore.class)
public final class MyBatisInferenceStore implements InferenceStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Double>> PROBABILITIES = new TypeReference<>() {
    };

    private final Database db;

    @Activate
    public MyBatisInferenceStore(@Reference DatabaseComponent database) {
        this(database.database());
    }

    public MyBatisInferenceStore(Database db) {
        this.db = db;
    }

    @Override
    public int insertResults(long edgeId, List<ReportedResult> results, Instant receivedAt) {
        if (results.isEmpty()) {
            return 0;
        }
        List<InferenceMapper.ResultRow> rows = new ArrayList<>(results.size());
        for (ReportedResult r : results) {
            rows.add(new InferenceMapper.ResultRow(r.seq(), r.time(), r.modelVersion(), r.stream(), r.label(),
                    r.score(), encode(r.probabilities()), r.latencyMs(), r.inputRef()));
        }
        return db.write(InferenceMapper.class, m -> m.insertResults(edgeId, rows, receivedAt));
    }

    @Override
    public int insertEvents(long edgeId, List<ReportedEvent> events, Instant receivedAt) {
        if (events.isEmpty()) {
            return 0;
        }
        return db.write(InferenceMapper.class, m -> m.insertEvents(edgeId, events, receivedAt));
    }

    @Override
    public Page<InferenceResult> results(InferenceQuery query) {
        return db.read(InferenceMapper.class, m -> {
            List<InferenceResult> items = m.results(query).stream().map(r -> new InferenceResult(r.edgeId(), r.seq(),
                    r.time(), r.modelVersion(), r.stream(), r.label(), r.score(), decode(r.probabilities()),
                    r.latencyMs(), r.inputRef(), r.receivedAt())).toList();
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
        return db.read(InferenceMapper.class, m -> {
            Map<Long, long[]> failures = new TreeMap<>();
            for (InferenceMapper.FailureBucket f : m.failureBuckets(query)) {
                failures.put(f.bucket(), new long[] { f.failures() });
            }
            Map<Long, InferenceBucket> buckets = new TreeMap<>();
            for (InferenceMapper.ResultBucket r : m.resultBuckets(query)) {
                long[] failed = failures.remove(r.bucket());
                buckets.put(r.bucket(), new InferenceBucket(start(query, r.bucket()), r.count(), r.meanScore(),
                        r.lowConfidence(), failed == null ? 0 : failed[0]));
            }
            failures.forEach((bucket, failed) -> buckets.put(bucket,
                    new InferenceBucket(start(query, bucket), 0, null, 0, failed[0])));
            return List.copyOf(buckets.values());
        });
    }

    private static Instant start(AggregateQuery query, long bucket) {
        return query.from().plusSeconds(bucket * query.bucketSeconds());
    }

    private static String encode(Map<String, Double> probabilities) {
        if (probabilities == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(new TreeMap<>(probabilities));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of numbers always serializes", e);
        }
    }

    private static Map<String, Double> decode(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, PROBABILITIES);
        } catch (IOException e) {
            throw new UncheckedIOException("stored probabilities are not JSON", e);
        }
    }
}
