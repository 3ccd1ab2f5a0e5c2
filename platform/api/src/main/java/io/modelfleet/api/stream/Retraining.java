package io.modelfleet.api.stream;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One turn of a stream's closed loop, started by an alert ({@code alertId}, null when started by a person) and
 * followed through what it created: the import job (with the filters it was given), the published dataset version, the
 * training run, the model version and the rollout (each null until reached). {@code replacesVersion} is the model
 * version the alert was about, which the gate compares with. {@code steps} is its history, oldest first.
 */
public record Retraining(long id, long streamId, String streamName, Long alertId, String trigger,
        RetrainingState state, String message, Map<String, String> importOptions, Long importJobId,
        Long importedItems, Long datasetVersionId, Long trainingRunId, Long modelVersionId, String replacesVersion,
        Long rolloutId, Instant createdAt, String createdBy, Instant updatedAt, Instant finishedAt,
        List<RetrainingStep> steps) {
    public Retraining {
        importOptions = importOptions == null ? Map.of() : Map.copyOf(importOptions);
        steps = steps == null ? List.of() : List.copyOf(steps);
    }
}
