package io.modelfleet.api.spi.source;

import java.util.Map;

/**
 * One item a data source yields: a stable key within the source, tabular fields or a content reference, and the
 * label and score it came with (if any).
 */
public record DataItem(String key, Map<String, String> fields, String contentRef, String contentType, String label,
        Double score) {
    public DataItem {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }
}
