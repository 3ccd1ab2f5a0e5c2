package io.modelfleet.api.rollout;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.modelfleet.api.Page;

/**
 * Rollouts: plan, start, watch, pause, resume, abort and roll back. A leased engine on one server replica at a time
 * drives each running rollout through its waves and gates.
 */
@ProviderType
public interface RolloutService {

    /**
     * Plans the rollout (edges in id order, incompatible ones skipped with the reason) and, unless
     * {@code request.start()} is false, starts it.
     *
     * @throws io.modelfleet.api.NotFoundException for an unknown model version, edge or target
     * @throws io.modelfleet.api.ConflictException when the version is not approved, no edge is selected, or an
     *         edge's target is not installed
     */
    Rollout create(RolloutRequest request, String actor);

    Rollout get(long id);

    /** Newest first; {@code state} null for all. */
    Page<Rollout> list(RolloutState state, int limit, long offset);

    /** The rollout's edges, by wave then id; {@code wave} null for all. */
    List<RolloutEdge> edges(long id, Integer wave);

    /** Every gate measurement, oldest first. */
    List<GateResult> gates(long id);

    /** PLANNED or PAUSED to RUNNING. */
    Rollout start(long id, String actor);

    /** RUNNING to PAUSED: waves in flight keep delivering, no gate is judged and no wave starts. */
    Rollout pause(long id, String actor);

    Rollout resume(long id, String actor);

    /** Stops where it is: no more waves, edges keep what they run now. */
    Rollout abort(long id, String actor);

    /**
     * Every edge the rollout reached goes back to the version it ran before (edges that ran none are unassigned),
     * unless a later assignment replaced it already.
     */
    Rollout rollback(long id, String actor);

    /** The plan the stream's deployments use; {@link RolloutPlan#ONE_WAVE} when it sets none. */
    RolloutPlan streamPlan(long streamId);

    /** Sets (null: clears) the stream's rollout plan. */
    void setStreamPlan(long streamId, RolloutPlan plan, String actor);
}
