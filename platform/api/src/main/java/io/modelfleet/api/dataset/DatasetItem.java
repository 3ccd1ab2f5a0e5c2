package io.modelfleet.api.dataset;

import java.time.Instant;
import java.util.Map;

/** One item: its data (fields or a content reference), the label it came with, the current one and its score. */
public record DatasetItem(long id, long datasetId, String sourceKey, Map<String, String> fields, String contentRef,
        String originalLabel, String label, Double score, Long edgeId, String modelVersion, Instant observedAt) {
    public DatasetItem {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }
}
