package io.modelfleet.api.dataset;

import java.time.Instant;
import java.util.List;

import io.modelfleet.api.spi.solution.DatasetKind;

public record Dataset(long id, String name, String description, DatasetKind kind, List<String> columns,
        List<String> labels, DatasetState state, long items, int versions, Instant createdAt, String createdBy,
        Instant updatedAt) {
    public Dataset {
        columns = columns == null ? List.of() : List.copyOf(columns);
        labels = labels == null ? List.of() : List.copyOf(labels);
    }
}
