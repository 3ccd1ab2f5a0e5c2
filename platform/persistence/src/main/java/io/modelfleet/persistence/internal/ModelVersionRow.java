package io.modelfleet.persistence.internal;

import java.time.Instant;

import io.modelfleet.api.model.ModelLineage;
import io.modelfleet.api.model.ModelStage;
import io.modelfleet.api.model.ModelVersion;

/** One model_version row as selected, JSON columns still text. */
record ModelVersionRow(long id, String name, String version, String format, String sha256, long sizeBytes,
        String signature, String metadata, String metrics, ModelStage stage, Long streamId, Long trainingRunId,
        Long datasetVersionId, Long parentVersionId, Instant createdAt, String createdBy, Instant updatedAt,
        String updatedBy) {

    static final String COLUMNS = "id, name, version, format, sha256, size_bytes, signature, metadata, metrics, stage, "
            + "stream_id, training_run_id, dataset_version_id, parent_version_id, created_at, created_by, updated_at, "
            + "updated_by";

    ModelVersion toModelVersion() {
        return new ModelVersion(id, name, version, format, sha256, sizeBytes, JsonColumns.signature(signature),
                JsonColumns.textMap(metadata), JsonColumns.probabilities(metrics), stage,
                new ModelLineage(streamId, trainingRunId, datasetVersionId, parentVersionId), createdAt, createdBy,
                updatedAt, updatedBy);
    }
}
