package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.Map;

import io.modelfleet.api.edge.ConnectionState;
import io.modelfleet.api.edge.DeviceInfo;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.InferenceStatus;

/** One edge row as selected, before its tags are attached. */
record EdgeRow(long id, String name, String description, String location, EdgeState state,
        InferenceStatus inferenceStatus, String hostname, String os, String osVersion, String arch, String cpu,
        Integer cores, Long memoryBytes, String gpu, String agentVersion, String runtimes, String modelVersion,
        Instant lastSeenAt, Instant createdAt, Instant updatedAt, String createdBy, String updatedBy, String target, boolean online) {

    /** For {@code <script>} statements that bind {@code onlineSince}. */
    static final String COLUMNS = "id, name, description, location, state, inference_status, hostname, os, os_version, "
            + "arch, cpu, cores, memory_bytes, gpu, agent_version, runtimes, model_version, last_seen_at, created_at, "
            + "updated_at, created_by, updated_by, target_id AS target, (last_seen_at IS NOT NULL AND last_seen_at &gt;= #{onlineSince}) AS online";

    Edge toEdge(Map<String, String> tags) {
        DeviceInfo device = new DeviceInfo(hostname, os, osVersion, arch, cpu, cores, memoryBytes, gpu, agentVersion,
                JsonColumns.strings(runtimes));
        return new Edge(id, name, description, location, tags, state,
                online ? ConnectionState.ONLINE : ConnectionState.OFFLINE, inferenceStatus, device, modelVersion,
                lastSeenAt, createdAt, updatedAt, createdBy, updatedBy, target);
    }
}
