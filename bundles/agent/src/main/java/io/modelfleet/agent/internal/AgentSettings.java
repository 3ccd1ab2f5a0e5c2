package io.modelfleet.agent.internal;

import java.nio.file.Path;

/**
 * One agent identity's settings, from the configuration (and, for simulated agents, derived from it). With
 * {@code credentialFile} and {@code serverKeyFile} (both or neither) the identity comes from those files and the agent
 * never enrolls.
 */
record AgentSettings(String serverUrl, String enrollmentToken, Path dataDir, String name, long queueMaxBytes,
        int heartbeatSeconds, int pollSeconds, HealthPolicy health, SamplePolicy sampling, Path credentialFile,
        Path serverKeyFile) {

    AgentSettings {
        if ((credentialFile == null) != (serverKeyFile == null)) {
            throw new IllegalArgumentException("credentialFile and serverKeyFile go together");
        }
    }

    /** An agent that enrolls with its token (unless it did already). */
    AgentSettings(String serverUrl, String enrollmentToken, Path dataDir, String name, long queueMaxBytes,
            int heartbeatSeconds, int pollSeconds, HealthPolicy health, SamplePolicy sampling) {
        this(serverUrl, enrollmentToken, dataDir, name, queueMaxBytes, heartbeatSeconds, pollSeconds, health, sampling,
                null, null);
    }

    boolean identityFromFiles() {
        return credentialFile != null;
    }
}
