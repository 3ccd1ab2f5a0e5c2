package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.modelfleet.api.stream.Stream;
import io.modelfleet.api.stream.StreamSchedule;
import io.modelfleet.api.stream.StreamStatus;
import io.modelfleet.api.stream.StreamTarget;

/** One stream row as selected with its dataset joined in. */
record StreamRow(long id, String name, String description, String solutionId, long datasetId, String datasetName,
        long datasetVersionId, int datasetVersionNumber, String backendId, String parameters,
        double confidenceThreshold, String scheduleCron, String scheduleZone, Instant nextTrainingAt,
        String targetEdgeIds, String targetTagKey, String targetTagValue, StreamStatus status, int trainings,
        Long latestModelVersionId, Instant createdAt, String createdBy, Instant updatedAt, String updatedBy) {

    static final String SELECT = "SELECT s.id, s.name, s.description, s.solution_id, d.id AS dataset_id, "
            + "d.name AS dataset_name, s.dataset_version_id, v.number AS dataset_version_number, s.backend_id, "
            + "s.parameters, s.confidence_threshold, s.schedule_cron, s.schedule_zone, s.next_training_at, "
            + "s.target_edge_ids, s.target_tag_key, s.target_tag_value, s.status, s.trainings, "
            + "(SELECT MAX(m.id) FROM model_version m WHERE m.stream_id = s.id) AS latest_model_version_id, "
            + "s.created_at, s.created_by, s.updated_at, s.updated_by FROM stream s "
            + "JOIN dataset_version v ON v.id = s.dataset_version_id JOIN dataset d ON d.id = v.dataset_id ";

    Stream toStream() {
        List<Long> edgeIds = targetEdgeIds == null || targetEdgeIds.isBlank() ? List.of()
                : Arrays.stream(targetEdgeIds.split(",")).map(Long::valueOf).toList();
        return new Stream(id, name, description, solutionId, datasetId, datasetName, datasetVersionId,
                datasetVersionNumber, backendId, parameters, confidenceThreshold,
                scheduleCron == null ? null : new StreamSchedule(scheduleCron, scheduleZone), nextTrainingAt,
                new StreamTarget(edgeIds, targetTagKey, targetTagValue), status, trainings, latestModelVersionId,
                createdAt, createdBy, updatedAt, updatedBy);
    }

    static String edgeIds(StreamTarget target) {
        return target.edgeIds().isEmpty() ? null
                : String.join(",", target.edgeIds().stream().map(String::valueOf).toList());
    }
}
