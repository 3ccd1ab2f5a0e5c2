package io.modelfleet.api.spi.source;

import java.time.Instant;
import java.util.Map;

/**
 * One item a data source yields: a stable key within the source, tabular fields or a content reference (from
 * {@link ImportContext#storeContent}), the label and score it came with (if any), and for data an edge saw, the edge,
 * the model version that scored it and when.
 */
public record DataItem(String key, Map<String, String> fields, String contentRef, String contentType, String label,
        Double score, Long edgeId, String modelVersion, Instant observedAt) {
    public DataItem {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    /** An item from files or tables, observed now. */
    public DataItem(String key, Map<String, String> fields, String contentRef, String contentType, String label,
            Double score) {
        this(key, fields, contentRef, contentType, label, score, null, null, null);
    }
}
