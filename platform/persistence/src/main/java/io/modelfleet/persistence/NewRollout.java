package io.modelfleet.persistence;

import java.time.Instant;

import io.modelfleet.api.rollout.RolloutPlan;
import io.modelfleet.api.rollout.RolloutState;

/** A rollout as planned, before its id exists. */
public record NewRollout(long modelVersionId, String selection, RolloutPlan plan, RolloutState state, int waveCount,
        Long streamId, String actor, Instant now) {
}
