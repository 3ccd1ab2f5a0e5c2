package io.modelfleet.api.support.training;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.modelfleet.api.Validation;
import io.modelfleet.api.spi.training.TrainingPhase;
import io.modelfleet.api.spi.training.TrainingStatus;

/**
 * The bookkeeping of a training backend that trains in the server's JVM: a bounded pool of worker threads and the
 * table of its {@link TrainingRun}s by handle, which answers the platform's status, log and cancel calls. Runs live in
 * memory only; the backend keeps what is its own (the handles, the training itself, its messages).
 */
public final class TrainingRunPool {
    /** Finished runs are remembered for the platform's last polls, then forgotten, oldest first. */
    public static final int FINISHED_KEPT = 256;
    /** How long {@link #shutdown} waits for the workers to stop. */
    private static final long SHUTDOWN_WAIT_SECONDS = 10;

    private final int logLines;
    private final ThreadPoolExecutor workers;
    private final Map<String, TrainingRun> runs = new ConcurrentHashMap<>();

    /**
     * Checks the limits as a backend's configuration names them, so a bad value is an
     * {@link io.modelfleet.api.InvalidInputException} on that field.
     *
     * @param threadName the name of the worker threads (daemons, just below normal priority so the server's
     *        requests come first)
     * @param workers runs trained at once, 1 to 64
     * @param maxQueued runs waiting for a worker, 0 to 10,000; beyond that {@link #submit} refuses
     * @param logLines log lines kept per run, 10 to 100,000
     */
    public TrainingRunPool(String threadName, int workers, int maxQueued, int logLines) {
        int workerCount = (int) Validation.range("workers", workers, 1, 64);
        int queued = (int) Validation.range("maxQueued", maxQueued, 0, 10_000);
        this.logLines = (int) Validation.range("logLines", logLines, 10, 100_000);
        this.workers = new ThreadPoolExecutor(workerCount, workerCount, 0, TimeUnit.SECONDS,
                queued == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queued), task -> {
                    Thread thread = new Thread(task, threadName);
                    thread.setDaemon(true);
                    thread.setPriority(Thread.NORM_PRIORITY - 1);
                    return thread;
                });
    }

    /**
     * Queues a new run under {@code handle} for the next free worker, which hands it to {@code training}.
     *
     * @param queuedMessage the run's first log line, logged before any of the training's
     * @throws RejectedExecutionException when every worker is busy and the queue is full; the run is forgotten, and
     *         the backend should let the platform submit it again later rather than refuse it
     */
    public TrainingRun submit(String handle, String queuedMessage, Consumer<TrainingRun> training) {
        TrainingRun run = new TrainingRun(logLines);
        run.log(queuedMessage);
        forgetOldRuns();
        runs.put(handle, run);
        try {
            run.future(workers.submit(() -> training.accept(run)));
        } catch (RejectedExecutionException e) {
            runs.remove(handle);
            throw e;
        }
        return run;
    }

    /** Runs waiting for a worker. */
    public int queued() {
        return workers.getQueue().size();
    }

    /**
     * @param unknownMessage why the run failed when this pool does not know the handle (after a restart, say): the
     *        platform then fails the run with it
     */
    public TrainingStatus status(String handle, String unknownMessage) {
        TrainingRun run = runs.get(handle);
        return run != null ? run.status() : new TrainingStatus(TrainingPhase.FAILED, 0, unknownMessage);
    }

    /** The run's last {@code tailLines} log lines (at least one), or nothing for a handle this pool does not know. */
    public String logs(String handle, int tailLines) {
        TrainingRun run = runs.get(handle);
        return run == null ? "" : run.tail(Math.max(1, tailLines));
    }

    /** Cancels the run (see {@link TrainingRun#cancel}); a handle this pool does not know is ignored. */
    public void cancel(String handle) {
        TrainingRun run = runs.get(handle);
        if (run != null) {
            run.cancel();
        }
    }

    /** Cancels every run and stops the workers, waiting a while for running trainings to notice. */
    public void shutdown() throws InterruptedException {
        runs.values().forEach(TrainingRun::cancel);
        stopWorkers();
    }

    /**
     * Aborts every run with {@code reason} (see {@link TrainingRun#abort}) and stops the workers, waiting a while for
     * running trainings to notice.
     */
    public void shutdown(String reason) throws InterruptedException {
        runs.values().forEach(run -> run.abort(reason));
        stopWorkers();
    }

    private void stopWorkers() throws InterruptedException {
        workers.shutdownNow();
        workers.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private void forgetOldRuns() {
        List<String> finished = runs.entrySet().stream().filter(entry -> entry.getValue().finishedAt() != null)
                .sorted(Comparator.comparing(entry -> entry.getValue().finishedAt())).map(Map.Entry::getKey).toList();
        finished.stream().limit(Math.max(0, finished.size() - FINISHED_KEPT)).forEach(runs::remove);
    }
}
