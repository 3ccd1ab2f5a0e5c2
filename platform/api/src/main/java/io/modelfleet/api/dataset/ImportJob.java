package io.modelfleet.api.dataset;

import java.time.Instant;

/** A background import with its progress; {@code total} is -1 while unknown. */
public record ImportJob(long id, long datasetId, String source, ImportState state, long done, long total,
        long imported, long skipped, String error, Instant createdAt, String createdBy, Instant finishedAt) {

    public enum ImportState {
        RUNNING, SUCCEEDED, FAILED, CANCELLED
    }
}
