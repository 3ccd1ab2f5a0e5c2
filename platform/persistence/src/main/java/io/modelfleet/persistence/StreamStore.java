package io.modelfleet.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.modelfleet.api.stream.NewStream;
import io.modelfleet.api.stream.RunState;
import io.modelfleet.api.stream.RunTrigger;
import io.modelfleet.api.stream.Stream;
import io.modelfleet.api.stream.StreamStatus;
import io.modelfleet.api.stream.TrainingRun;

/**
 * Streams and training runs. Runs are worked on by the server that holds their lease: every change a server makes to
 * a run is guarded by {@code owner}, so a server that lost its lease cannot overwrite its successor's work.
 */
@ProviderType
public interface StreamStore {

    /** @throws io.modelfleet.api.ConflictException when the name is taken */
    Stream insert(NewStream stream, String parametersJson, Instant nextTrainingAt, String actor, Instant now);

    /** Everything but the name; a FAILED stream becomes READY_TO_TRAIN again. */
    Optional<Stream> update(long streamId, NewStream stream, String parametersJson, Instant nextTrainingAt,
            String actor, Instant now);

    boolean delete(long streamId);

    Optional<Stream> find(long streamId);

    List<Stream> list();

    void setStatus(long streamId, StreamStatus status, String actor, Instant now);

    /** Scheduled streams whose next training time has come. */
    List<Stream> due(Instant now);

    /** Moves a stream's next training time on, only if it still is {@code expected}: one server wins each tick. */
    boolean advanceSchedule(long streamId, Instant expected, Instant next);

    /**
     * Queues the stream's next run (number = trainings + 1) and marks the stream TRAINING, in one transaction.
     *
     * @throws io.modelfleet.api.ConflictException when the stream already has a queued or running run
     */
    TrainingRun insertRun(long streamId, RunTrigger trigger, long datasetVersionId, String solutionVersion,
            String parametersJson, long seed, String actor, Instant now);

    Optional<TrainingRun> findRun(long runId);

    /** Newest first; null filters are ignored. */
    List<TrainingRun> runs(Long streamId, RunState state, int limit);

    /**
     * Takes the lease of every unfinished run that is unowned, already ours, or whose lease ran out, and renews ours.
     *
     * @return the ids of the unfinished runs this owner now holds
     */
    List<Long> claimRuns(String owner, Instant now, Instant leaseUntil);

    /** Extends the lease of every unfinished run this owner holds. @return how many */
    int renewLeases(String owner, Instant leaseUntil);

    boolean markSubmitted(long runId, String owner, String handle, Instant now);

    boolean progress(long runId, String owner, RunState state, double progress, String message);

    boolean saveLog(long runId, String owner, String logTail);

    Optional<String> log(long runId);

    /**
     * Ends a run and sets its stream's status in one transaction: TRAINED on success, FAILED on failure, and on
     * cancellation back to what the stream's model history says.
     */
    boolean finish(long runId, String owner, RunState state, String message, Long modelVersionId,
            Map<String, Double> metrics, Instant now);

    /** @return false when the run already finished */
    boolean requestCancel(long runId);

    /** The stream's newest registered model version id, if any. */
    Optional<Long> latestModelVersion(long streamId);
}
