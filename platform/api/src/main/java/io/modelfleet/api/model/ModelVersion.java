package io.modelfleet.api.model;

import java.time.Instant;
import java.util.Map;

/** One immutable model artifact with what is known about it; only stage, metadata and metrics change. */
public record ModelVersion(long id, String name, String version, String format, String sha256, long sizeBytes,
        ModelSignature signature, Map<String, String> metadata, Map<String, Double> metrics, ModelStage stage,
        ModelLineage lineage, Instant createdAt, String createdBy, Instant updatedAt, String updatedBy) {

    public ModelVersion {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        lineage = lineage == null ? ModelLineage.NONE : lineage;
        signature = signature == null ? ModelSignature.EMPTY : signature;
    }

    /** "name:version", how operators and agents refer to it. */
    public String reference() {
        return name + ":" + version;
    }
}
