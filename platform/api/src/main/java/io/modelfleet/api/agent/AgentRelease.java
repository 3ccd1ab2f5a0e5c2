package io.modelfleet.api.agent;

import java.time.Instant;
import java.util.List;

/**
 * A set of bundles for the agents' Felix framework, uploaded as one archive. An agent that installs it runs these
 * bundles in place of those of its installation with the same symbolic names (and any new ones besides); the rest of
 * its installation stays.
 *
 * @param version what agents report as their agent version while they run it
 */
public record AgentRelease(long id, String version, String sha256, long sizeBytes, List<AgentBundle> bundles,
        String notes, Instant createdAt, String createdBy) {
    public AgentRelease {
        bundles = bundles == null ? List.of() : List.copyOf(bundles);
    }
}
