package io.modelfleet.persistence;

import java.util.List;

/** What the rollout planner needs to know about a selected edge: state, target and reported inventory. */
public record RolloutCandidate(long edgeId, String name, String state, String target, String arch, Long memoryBytes,
        String gpu, String agentVersion, List<String> runtimes) {
    public RolloutCandidate {
        runtimes = runtimes == null ? List.of() : List.copyOf(runtimes);
    }
}
