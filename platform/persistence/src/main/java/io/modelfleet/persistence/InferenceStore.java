package io.modelfleet.persistence;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.modelfleet.api.Page;
import io.modelfleet.api.inference.AggregateQuery;
import io.modelfleet.api.inference.EdgeEvent;
import io.modelfleet.api.inference.InferenceBucket;
import io.modelfleet.api.inference.InferenceQuery;
import io.modelfleet.api.inference.InferenceResult;
import io.modelfleet.api.inference.ReportedEvent;
import io.modelfleet.api.inference.ReportedResult;

/** Inference results and edge events; inserts are batched and idempotent by (edge, seq). */
@ProviderType
public interface InferenceStore {

    /** @return how many rows were new; the rest were duplicates */
    int insertResults(long edgeId, List<ReportedResult> results, Instant receivedAt);

    int insertEvents(long edgeId, List<ReportedEvent> events, Instant receivedAt);

    Page<InferenceResult> results(InferenceQuery query);

    Page<EdgeEvent> events(InferenceQuery query);

    /** Only buckets that have results or failures are returned, oldest first. */
    List<InferenceBucket> aggregate(AggregateQuery query);

    long countSamples(io.modelfleet.api.inference.SampleQuery query);

    /** Streams samples in (edge, seq) order, or newest first when the query asks. */
    void samples(io.modelfleet.api.inference.SampleQuery query,
            java.util.function.Consumer<io.modelfleet.api.inference.InferenceSample> consumer);
}
