package io.modelfleet.api.model;

import java.util.Map;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.Validation;

/**
 * What registering a version takes besides its artifact. A null {@code version} lets the registry number it
 * (1, 2, 3... within the model name).
 */
public record NewModelVersion(String name, String version, String format, Map<String, String> metadata,
        Map<String, Double> metrics, ModelLineage lineage) {

    public static final int MAX_NAME = 128;
    public static final int MAX_VERSION = 64;
    public static final int MAX_METADATA_ENTRIES = 64;
    public static final int MAX_METADATA_KEY = 64;
    public static final int MAX_METADATA_VALUE = 4096;
    public static final int MAX_METRICS = 256;

    public NewModelVersion {
        Validation.name("name", name, MAX_NAME);
        if (version != null) {
            Validation.name("version", version, MAX_VERSION);
        }
        format = format == null ? "onnx" : Validation.name("format", format, 32);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            throw new InvalidInputException("metadata has " + metadata.size() + " entries; the limit is " + MAX_METADATA_ENTRIES);
        }
        metadata.forEach((key, value) -> {
            Validation.name("metadata key", key, MAX_METADATA_KEY);
            Validation.optional("metadata['" + key + "']", value, MAX_METADATA_VALUE);
        });
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        if (metrics.size() > MAX_METRICS) {
            throw new InvalidInputException("metrics has " + metrics.size() + " entries; the limit is " + MAX_METRICS);
        }
        metrics.forEach((key, value) -> {
            Validation.required("metric name", key, MAX_METADATA_KEY);
            if (value == null || !Double.isFinite(value)) {
                throw new InvalidInputException("metrics['" + key + "'] must be a finite number");
            }
        });
        lineage = lineage == null ? ModelLineage.NONE : lineage;
    }
}
