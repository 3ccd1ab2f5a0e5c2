package io.modelfleet.api.dataset;

import java.time.Instant;

/** An immutable snapshot of a dataset's items and their labels; training runs name one. */
public record DatasetVersion(long id, long datasetId, int number, long items, Instant createdAt, String createdBy) {
}
