package io.modelfleet.api.edge;

import java.time.Instant;
import java.util.Map;

/**
 * An enrolled device as the operator sees it. {@code target} is the deployment target that reaches it (the id of a
 * configured target plugin; agents that enrolled are reached by {@value #DEFAULT_TARGET}).
 */
public record Edge(long id, String name, String description, String location, Map<String, String> tags,
        EdgeState state, ConnectionState connection, InferenceStatus inferenceStatus, DeviceInfo device,
        String modelVersion, Instant lastSeenAt, Instant createdAt, Instant updatedAt, String createdBy,
        String updatedBy, String target) {

    public static final String DEFAULT_TARGET = "edge-agent";

    public Edge {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        target = target == null ? DEFAULT_TARGET : target;
    }

    /** Reached by the default target (the 1.0 edge). */
    public Edge(long id, String name, String description, String location, Map<String, String> tags,
            EdgeState state, ConnectionState connection, InferenceStatus inferenceStatus, DeviceInfo device,
            String modelVersion, Instant lastSeenAt, Instant createdAt, Instant updatedAt, String createdBy,
            String updatedBy) {
        this(id, name, description, location, tags, state, connection, inferenceStatus, device, modelVersion,
                lastSeenAt, createdAt, updatedAt, createdBy, updatedBy, DEFAULT_TARGET);
    }
}
