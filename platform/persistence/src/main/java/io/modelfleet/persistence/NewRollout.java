package io.modelfleet.persistence;

import java.time.Instant;

import io.modelfleet.api.rollout.RolloutPlan;
import io.modelfleet.api.rollout.RolloutState;

/** A rollout as planned, before its id exists: of a model version or of an agent release. */
public record NewRollout(Long modelVersionId, Long agentReleaseId, String selection, RolloutPlan plan,
        RolloutState state, int waveCount, Long streamId, String actor, Instant now) {
}
