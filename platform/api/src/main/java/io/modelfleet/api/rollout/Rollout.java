package io.modelfleet.api.rollout;

import java.time.Instant;
import java.util.List;

/**
 * A model version on its way to a selection of edges, wave by wave. {@code edges} are those in waves, {@code skipped}
 * those left out as incompatible (see {@link RolloutService#edges}); {@code currentWave} is 0 before the first wave
 * started; {@code message} says why it stopped or failed.
 */
public record Rollout(long id, long modelVersionId, String model, String selection, RolloutPlan plan,
        RolloutState state, int currentWave, int edges, int skipped, String message, Long streamId, Instant createdAt,
        String createdBy, Instant updatedAt, Instant finishedAt, List<RolloutWave> waves) {
    public Rollout {
        waves = waves == null ? List.of() : List.copyOf(waves);
    }
}
