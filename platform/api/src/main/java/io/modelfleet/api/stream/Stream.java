package io.modelfleet.api.stream;

import java.time.Instant;

/**
 * A solution trained on a dataset with parameters, on one backend. Its model versions are named after it and numbered
 * vM.N: M the solution's major version, N the stream's training count.
 */
public record Stream(long id, String name, String description, String solutionId, long datasetId, String datasetName,
        long datasetVersionId, int datasetVersionNumber, String backendId, String parametersJson,
        double confidenceThreshold, StreamSchedule schedule, Instant nextTrainingAt, StreamTarget target,
        StreamStatus status, int trainings, Long latestModelVersionId, Instant createdAt, String createdBy,
        Instant updatedAt, String updatedBy) {
}
