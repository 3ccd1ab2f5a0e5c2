package io.modelfleet.api.inference;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.modelfleet.api.Page;

/** Stores what edges report and answers questions about it. */
@ProviderType
public interface InferenceService {

    /** The most results or events one batch may carry; more is rejected as too large. */
    int MAX_BATCH = 1000;

    IngestReply ingestResults(long edgeId, List<ReportedResult> results);

    IngestReply ingestEvents(long edgeId, List<ReportedEvent> events);

    Page<InferenceResult> results(InferenceQuery query);

    Page<EdgeEvent> events(InferenceQuery query);

    List<InferenceBucket> aggregate(AggregateQuery query);

    /** How many stored samples the query selects (ignoring its limit). */
    long countSamples(SampleQuery query);

    /** Streams the selected samples to the consumer, without holding them all in memory. */
    void samples(SampleQuery query, java.util.function.Consumer<InferenceSample> consumer);
}
