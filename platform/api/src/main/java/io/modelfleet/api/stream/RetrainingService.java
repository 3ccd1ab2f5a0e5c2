package io.modelfleet.api.stream;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The closed loop from drifting or uncertain edge data to a retrained model on the edges: each stream's
 * {@link RetrainingPolicy}, and the retrainings it started. A leased engine on one server at a time starts them when a
 * trigger rule fires and follows each step; every step shows in {@link Retraining#steps()} and can be stopped.
 */
@ProviderType
public interface RetrainingService {

    /** The stream's policy, empty when it has none. */
    Optional<RetrainingPolicy> policy(long streamId);

    /**
     * @throws io.modelfleet.api.InvalidInputException when a trigger rule does not exist or cannot trigger retraining
     * @throws io.modelfleet.api.NotFoundException for an unknown stream
     */
    RetrainingPolicy setPolicy(long streamId, RetrainingPolicy policy, String actor);

    /** Removes the policy; retrainings under way go on (stop them to end them). */
    void clearPolicy(long streamId, String actor);

    /**
     * Starts a retraining now, as if {@code ruleId} (one of the policy's triggers, or null for the policy's first)
     * had fired: the rule's window ending now.
     *
     * @throws io.modelfleet.api.ConflictException when the stream has no policy or a retraining of it is under way
     */
    Retraining start(long streamId, Long ruleId, String actor);

    /** Newest first; {@code streamId} null for every stream. */
    List<Retraining> list(Long streamId, int limit);

    Retraining get(long id);

    /**
     * Goes on from AWAITING_LABELS: publishes the dataset as relabeled and retrains.
     *
     * @throws io.modelfleet.api.ConflictException in any other state
     */
    Retraining proceed(long id, String actor);

    /**
     * Ends an unfinished retraining: a running import or training is cancelled, a running rollout aborted (its edges
     * keep what they run).
     */
    Retraining stop(long id, String actor);
}
