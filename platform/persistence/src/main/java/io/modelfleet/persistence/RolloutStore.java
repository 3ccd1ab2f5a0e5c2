package io.modelfleet.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

import io.modelfleet.api.Page;
import io.modelfleet.api.deployment.EdgeDeployment;
import io.modelfleet.api.rollout.GateResult;
import io.modelfleet.api.rollout.Rollout;
import io.modelfleet.api.rollout.RolloutEdge;
import io.modelfleet.api.rollout.RolloutState;

/**
 * Rollouts, their edges, waves and gate measurements. Writes of the engine are guarded by the lease owner and the
 * rollout's state, so a replica that lost its lease, or a rollout paused or rolled back meanwhile, changes nothing.
 */
@ProviderType
public interface RolloutStore {

    /** The selected edges with what planning needs, in id order: by id, by tag, by target, the union. */
    List<RolloutCandidate> candidates(Collection<Long> edgeIds, String tagKey, String tagValue, String target);

    /** In one transaction: the rollout, its edges and one row per wave. */
    long create(NewRollout rollout, List<PlannedEdge> edges);

    Optional<Rollout> find(long id);

    Page<Rollout> list(RolloutState state, int limit, long offset);

    List<RolloutEdge> edges(long id, Integer wave);

    List<GateResult> gates(long id);

    Optional<io.modelfleet.api.rollout.RolloutPlan> streamPlan(long streamId);

    /** Sets (null: clears) a stream's rollout plan. */
    void setStreamPlan(long streamId, io.modelfleet.api.rollout.RolloutPlan plan, String actor, Instant now);

    /** Compare-and-set of the state; finished states also set finished_at and clear the lease. */
    boolean transition(long id, Set<RolloutState> from, RolloutState to, String message, Instant now);

    /** Leases RUNNING rollouts that are free, expired or already this owner's; returns the owner's. */
    List<Long> claim(String owner, Instant now, Instant leaseUntil);

    /**
     * Starts a wave if the rollout is still RUNNING under this owner: records what each of the wave's edges runs
     * now, gives each a PENDING deployment of the rollout's version, or agent update of its release (becoming its
     * current one; agent updates count as handed over), moves {@code current_wave}. False when the guard failed.
     */
    boolean startWave(long id, String owner, int wave, String actor, Instant now);

    /** The deployments a started wave made, in edge id order. */
    List<EdgeDeployment> deployments(long id, int wave);

    /** The edges of a started wave (or of every started wave up to it, with {@code throughWave}). */
    List<WaveEdge> waveEdges(long id, int fromWave, int throughWave);

    void markApplied(long id, Collection<Long> edgeIds);

    /** Records gate measurements; returns false (recording nothing) when the owner no longer holds the lease. */
    boolean recordGates(long id, String owner, List<GateResult> results);

    void settleWave(long id, int wave, Instant now);

    /** The wave is judged: finished_at. */
    void finishWave(long id, int wave, Instant now);

    /** Owner-guarded final or pause transition by the engine. */
    boolean finish(long id, String owner, RolloutState to, String message, Instant now);

    /**
     * In one transaction, for every edge whose current deployment is still this rollout's: a new deployment of the
     * version it ran before (or none), the rollout's deployment marked ROLLED_BACK with {@code detail} unless it
     * FAILED or was ROLLED_BACK by its agent already (which keep their reason). Agent release rollouts do the same
     * with agent updates (none: back to the agent's installation set).
     */
    List<RolledBackEdge> rollback(long id, String actor, String detail, Instant now);

    /**
     * Results of {@code modelReference} (null: of any model) on the edges of waves {@code fromWave..throughWave} with times in
     * [{@code from}, {@code to}).
     */
    QualityStats quality(long id, int fromWave, int throughWave, String modelReference, Instant from, Instant to,
            double lowConfidenceThreshold);

    /** The same for the version each of those edges ran before the rollout reached it. */
    QualityStats previousQuality(long id, int fromWave, int throughWave, Instant from, Instant to,
            double lowConfidenceThreshold);
}
