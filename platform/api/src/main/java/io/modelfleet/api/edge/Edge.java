package io.modelfleet.api.edge;

import java.time.Instant;
import java.util.Map;

/** An enrolled device as the operator sees it. */
public record Edge(long id, String name, String description, String location, Map<String, String> tags,
        EdgeState state, ConnectionState connection, InferenceStatus inferenceStatus, DeviceInfo device,
        String modelVersion, Instant lastSeenAt, Instant createdAt, Instant updatedAt, String createdBy,
        String updatedBy) {

    public Edge {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
