package io.modelfleet.persistence.internal;

import java.time.Instant;

import io.modelfleet.api.stream.RunState;
import io.modelfleet.api.stream.RunTrigger;
import io.modelfleet.api.stream.TrainingRun;

/** One training_run row as selected, metrics still JSON text. */
record RunRow(long id, long streamId, String streamName, int number, RunTrigger runTrigger, RunState state,
        String backendId, String handle, double progress, String message, long datasetVersionId,
        String solutionVersion, String parameters, long seed, Long modelVersionId, String modelVersion,
        String metrics, boolean cancelRequested, Instant createdAt, String createdBy, Instant startedAt,
        Instant finishedAt) {

    static final String SELECT = "SELECT r.id, r.stream_id, s.name AS stream_name, r.number, r.run_trigger, r.state, "
            + "r.backend_id, r.handle, r.progress, r.message, r.dataset_version_id, r.solution_version, r.parameters, "
            + "r.seed, r.model_version_id, m.version AS model_version, r.metrics, r.cancel_requested, r.created_at, "
            + "r.created_by, r.started_at, r.finished_at FROM training_run r JOIN stream s ON s.id = r.stream_id "
            + "LEFT JOIN model_version m ON m.id = r.model_version_id ";

    TrainingRun toRun() {
        return new TrainingRun(id, streamId, streamName, number, runTrigger, state, backendId, handle, progress,
                message, datasetVersionId, solutionVersion, parameters, seed, modelVersionId, modelVersion,
                JsonColumns.probabilities(metrics), cancelRequested, createdAt, createdBy, startedAt, finishedAt);
    }
}
