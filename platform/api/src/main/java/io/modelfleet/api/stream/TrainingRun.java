package io.modelfleet.api.stream;

import java.time.Instant;
import java.util.Map;

/** One training of a stream: what it trained on, where, how far it got, and the model version it registered. */
public record TrainingRun(long id, long streamId, String streamName, int number, RunTrigger trigger, RunState state,
        String backendId, String handle, double progress, String message, long datasetVersionId,
        String solutionVersion, String parametersJson, long seed, Long modelVersionId, String modelVersion,
        Map<String, Double> metrics, boolean cancelRequested, Instant createdAt, String createdBy, Instant startedAt,
        Instant finishedAt) {
    public TrainingRun {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
