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

    /**
     * Only buckets that have results or failures are returned, oldest first. Buckets of whole minutes starting on a
     * minute with a threshold on the 0.05 grid come from the per-minute and per-hour rollups (and raw rows for what
     * is not counted yet); others from raw rows.
     */
    List<InferenceBucket> aggregate(AggregateQuery query);

    /**
     * Counts up to {@code maxRows} new raw results and events each into the rollups, once the newest of them is
     * {@code settle} old. Safe on several servers at once: each row is counted exactly once. @return rows counted
     */
    long rollUp(int maxRows, java.time.Duration settle, Instant now);

    /**
     * Deletes up to {@code batch} raw results, events and samples each older than {@code cutoff}, only results and
     * events already counted in the rollups. @return rows deleted
     */
    int deleteRawBefore(Instant cutoff, int batch);

    /** Deletes up to {@code batch} minute and hour rollup rows each older than their cutoffs. @return rows deleted */
    int deleteRollupsBefore(Instant minuteCutoff, Instant hourCutoff, int batch);

    long countSamples(io.modelfleet.api.inference.SampleQuery query);

    /** Streams samples in (edge, seq) order, or newest first when the query asks. */
    void samples(io.modelfleet.api.inference.SampleQuery query,
            java.util.function.Consumer<io.modelfleet.api.inference.InferenceSample> consumer);
}
