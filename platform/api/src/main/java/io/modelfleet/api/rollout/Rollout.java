package io.modelfleet.api.rollout;

import java.time.Instant;
import java.util.List;

/**
 * A model version, or an agent release, on its way to a selection of edges, wave by wave. Exactly one of
 * {@code modelVersionId} (with {@code model}, its reference) and {@code agentReleaseId} (with {@code agentRelease}, its
 * version) is set. {@code edges} are those in waves, {@code skipped} those left out as incompatible (see
 * {@link RolloutService#edges}); {@code currentWave} is 0 before the first wave started; {@code message} says why it
 * stopped or failed.
 */
public record Rollout(long id, Long modelVersionId, String model, String selection, RolloutPlan plan,
        RolloutState state, int currentWave, int edges, int skipped, String message, Long streamId, Instant createdAt,
        String createdBy, Instant updatedAt, Instant finishedAt, List<RolloutWave> waves, Long agentReleaseId,
        String agentRelease) {
    public Rollout {
        waves = waves == null ? List.of() : List.copyOf(waves);
    }

    /** A model rollout. */
    public Rollout(long id, Long modelVersionId, String model, String selection, RolloutPlan plan, RolloutState state,
            int currentWave, int edges, int skipped, String message, Long streamId, Instant createdAt, String createdBy,
            Instant updatedAt, Instant finishedAt, List<RolloutWave> waves) {
        this(id, modelVersionId, model, selection, plan, state, currentWave, edges, skipped, message, streamId,
                createdAt, createdBy, updatedAt, finishedAt, waves, null, null);
    }

    /** What it rolls out, as lists and audit entries say it: {@code name:version} or {@code agent <version>}. */
    public String subject() {
        return agentReleaseId != null ? "agent " + agentRelease : model;
    }

    public boolean isAgentRelease() {
        return agentReleaseId != null;
    }
}
