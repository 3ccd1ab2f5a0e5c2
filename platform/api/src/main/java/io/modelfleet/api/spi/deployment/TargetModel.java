package io.modelfleet.api.spi.deployment;

import java.util.Map;

/** The model version a deployment moves an edge to: what a target needs to deliver and describe it. */
public record TargetModel(long versionId, String name, String version, String format, String sha256, long sizeBytes,
        Map<String, String> metadata) {

    public TargetModel {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** {@code name:version}, how people and agents refer to it. */
    public String reference() {
        return name + ":" + version;
    }
}
