package io.modelfleet.api.stream;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.modelfleet.api.rollout.Rollout;

/** Streams, their training runs and the model versions they register. */
@ProviderType
public interface StreamService {

    /**
     * @throws io.modelfleet.api.InvalidInputException with field-level messages when the parameters break the
     *         solution's schema, or the solution, backend or dataset kind do not fit
     * @throws io.modelfleet.api.ConflictException when the name is taken
     */
    Stream create(NewStream stream, String actor);

    /** Edits everything but the name (model versions are named after it). */
    Stream update(long streamId, NewStream stream, String actor);

    /** A copy under a new name, with no runs. */
    Stream duplicate(long streamId, String newName, String actor);

    /** @throws io.modelfleet.api.ConflictException while it trains */
    void delete(long streamId, String actor);

    List<Stream> list();

    Stream get(long streamId);

    /**
     * Queues a run on the stream's dataset version.
     *
     * @throws io.modelfleet.api.ConflictException when a run of the stream is queued or running
     */
    TrainingRun train(long streamId, String actor);

    /** Newest first; {@code streamId} and {@code state} may be null. */
    List<TrainingRun> runs(Long streamId, RunState state, int limit);

    TrainingRun run(long runId);

    /** Asks the run to stop; the backend cancels it shortly after. Finished runs stay as they are. */
    TrainingRun cancel(long runId, String actor);

    /** The tail of the run's log as last collected from its backend. */
    String logs(long runId);

    /** The solution's full evaluation (JSON object), or null before the run succeeded. */
    String report(long runId);

    /** The trainer's predictions on held-out rows, at most {@code limit}. */
    List<HeldOutRow> heldOut(long runId, int limit);

    /**
     * Rolls one of the stream's approved model versions out to its target edges with the stream's rollout plan
     * ({@link io.modelfleet.api.rollout.RolloutService#streamPlan}) and marks the stream DEPLOYED.
     *
     * @throws io.modelfleet.api.ConflictException when the stream has no target or the version is not approved
     */
    Rollout deploy(long streamId, long modelVersionId, String actor);

    /**
     * Checks parameters against a solution's schema and fills in defaults.
     *
     * @return the parameters as a JSON object with every default in place
     * @throws io.modelfleet.api.InvalidInputException with one message per bad field
     */
    String validateParameters(String solutionId, String parametersJson);
}
