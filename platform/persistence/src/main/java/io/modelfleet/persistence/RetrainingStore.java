package io.modelfleet.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.modelfleet.api.stream.Retraining;
import io.modelfleet.api.stream.RetrainingPolicy;
import io.modelfleet.api.stream.RetrainingState;

/** Streams' retraining policies and the retrainings they start (V016). */
@ProviderType
public interface RetrainingStore {

    /** An open alert of an enabled policy's trigger rule that has started no retraining yet. */
    record TriggeredAlert(long alertId, long streamId, long ruleId, Instant firedAt) {
    }

    /** What a step sets besides the state; null leaves a field as it is. */
    record StepResult(Long importJobId, Long importedItems, Long datasetVersionId, Long trainingRunId,
            Long modelVersionId, Long rolloutId) {
        public static final StepResult NONE = new StepResult(null, null, null, null, null, null);
    }

    Optional<RetrainingPolicy> policy(long streamId);

    /** Inserts or replaces the policy and its trigger rules in one transaction. */
    void savePolicy(long streamId, RetrainingPolicy policy, String actor, Instant now);

    boolean deletePolicy(long streamId);

    List<TriggeredAlert> untriggeredAlerts(int limit);

    /** When the stream's newest retraining started. */
    Optional<Instant> lastStarted(long streamId);

    /**
     * Records a retraining in IMPORTING with its first step; empty when the stream has one under way or the alert
     * started one already (the unique keys decide, also between servers).
     */
    Optional<Long> insert(long streamId, Long alertId, String trigger, Map<String, String> importOptions,
            String replacesVersion, String message, String actor, Instant now);

    /**
     * Records the import job a retraining in IMPORTING started, unless it has one already (another engine was first)
     * or moved on. @return false then: the caller cancels its job
     */
    boolean recordImportJob(long id, long importJobId, String message, Instant now);

    /** Streams other than {@code streamId} whose policies name one of {@code ruleIds}. */
    List<Long> streamsTriggeredBy(List<Long> ruleIds, long streamId);

    /** Unfinished retrainings, oldest first. */
    List<Retraining> unfinished();

    Optional<Retraining> find(long id);

    /** Newest first, without their steps; {@code streamId} null for all. */
    List<Retraining> list(Long streamId, int limit);

    /**
     * Moves a retraining from {@code from} to {@code to} (compare-and-set), sets what {@code result} carries and
     * records the step; a final state frees the stream for its next retraining. False when it was not in {@code from}.
     */
    boolean advance(long id, RetrainingState from, RetrainingState to, String message, StepResult result, Instant now);
}
