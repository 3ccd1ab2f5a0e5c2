package io.modelfleet.core.internal;

import java.time.Clock;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.Page;
import io.modelfleet.api.PayloadTooLargeException;
import io.modelfleet.api.inference.AggregateQuery;
import io.modelfleet.api.inference.EdgeEvent;
import io.modelfleet.api.inference.InferenceBucket;
import io.modelfleet.api.inference.InferenceQuery;
import io.modelfleet.api.inference.InferenceResult;
import io.modelfleet.api.inference.InferenceService;
import io.modelfleet.api.inference.IngestReply;
import io.modelfleet.api.inference.ReportedEvent;
import io.modelfleet.api.inference.ReportedResult;
import io.modelfleet.api.metrics.Metrics;
import io.modelfleet.persistence.InferenceStore;

/** Batch ingest of what edges report, idempotent by (edge, seq), and the queries over it. */
@Component(service = InferenceService.class)
public final class InferenceServiceImpl implements InferenceService {
    private final InferenceStore store;
    private final Metrics metrics;
    private final Clock clock;

    @Activate
    public InferenceServiceImpl(@Reference InferenceStore store, @Reference Metrics metrics) {
        this(store, metrics, Clock.systemUTC());
    }

    InferenceServiceImpl(InferenceStore store, Metrics metrics, Clock clock) {
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public IngestReply ingestResults(long edgeId, List<ReportedResult> results) {
        checkBatch(results, "results");
        int accepted = results.isEmpty() ? 0 : store.insertResults(edgeId, results, clock.instant());
        int duplicates = results.size() - accepted;
        metrics.increment("modelfleet_results_ingested_total", "Inference results stored", accepted);
        metrics.increment("modelfleet_results_duplicates_total", "Inference results received again and ignored", duplicates);
        return new IngestReply(accepted, duplicates);
    }

    @Override
    public IngestReply ingestEvents(long edgeId, List<ReportedEvent> events) {
        checkBatch(events, "events");
        int accepted = events.isEmpty() ? 0 : store.insertEvents(edgeId, events, clock.instant());
        metrics.increment("modelfleet_edge_events_ingested_total", "Inference failures and edge errors stored", accepted);
        return new IngestReply(accepted, events.size() - accepted);
    }

    private static void checkBatch(List<?> batch, String what) {
        if (batch == null) {
            throw new InvalidInputException("a JSON array of " + what + " is required");
        }
        if (batch.size() > MAX_BATCH) {
            throw new PayloadTooLargeException("a batch may carry at most " + MAX_BATCH + " " + what + ", got " + batch.size());
        }
        for (Object item : batch) {
            if (item == null) {
                throw new InvalidInputException("the batch of " + what + " contains null");
            }
        }
    }

    @Override
    public Page<InferenceResult> results(InferenceQuery query) {
        return store.results(query);
    }

    @Override
    public Page<EdgeEvent> events(InferenceQuery query) {
        return store.events(query);
    }

    @Override
    public List<InferenceBucket> aggregate(AggregateQuery query) {
        return store.aggregate(query);
    }

    @Override
    public long countSamples(io.modelfleet.api.inference.SampleQuery query) {
        return store.countSamples(query);
    }

    @Override
    public void samples(io.modelfleet.api.inference.SampleQuery query,
            java.util.function.Consumer<io.modelfleet.api.inference.InferenceSample> consumer) {
        store.samples(query, consumer);
    }
}
