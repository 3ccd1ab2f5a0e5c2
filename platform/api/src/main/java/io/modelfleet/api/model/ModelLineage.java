package io.modelfleet.api.model;

/** Where a version came from. All null for an uploaded model; training runs fill them in. */
public record ModelLineage(Long streamId, Long trainingRunId, Long datasetVersionId, Long parentVersionId) {
    public static final ModelLineage NONE = new ModelLineage(null, null, null, null);
}
