package io.modelfleet.agent.internal;

import java.nio.file.Path;

/** One agent identity's settings, from the configuration (and, for simulated agents, derived from it). */
record AgentSettings(String serverUrl, String enrollmentToken, Path dataDir, String name, long queueMaxBytes,
        int heartbeatSeconds, int pollSeconds, HealthPolicy health, SamplePolicy sampling) {
}
