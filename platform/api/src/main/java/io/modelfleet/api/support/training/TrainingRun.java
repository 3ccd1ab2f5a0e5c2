package io.modelfleet.api.support.training;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Future;

import io.modelfleet.api.spi.training.TrainingPhase;
import io.modelfleet.api.spi.training.TrainingStatus;

/**
 * One in-process run's state, shared between the worker thread that trains and the platform's polls: phase, progress,
 * the last log lines, cancellation. {@link TrainingRunPool} creates runs; the backend's training code moves them
 * through {@link #start}, {@link #progress} and {@link #end}.
 */
public final class TrainingRun {
    private final int maxLogLines;
    private final Deque<String> log = new ArrayDeque<>();
    private volatile TrainingPhase phase = TrainingPhase.QUEUED;
    private volatile double progress;
    private volatile String message = "waiting for a worker";
    private volatile boolean cancelled;
    /** Why the backend stopped the run itself (a shutdown), or null when it was cancelled. */
    private volatile String abortReason;
    private volatile Future<?> future;
    private volatile Instant finishedAt;

    /** @param maxLogLines how many log lines the run keeps; older ones are dropped */
    public TrainingRun(int maxLogLines) {
        if (maxLogLines < 1) {
            throw new IllegalArgumentException("maxLogLines must be at least 1, was " + maxLogLines);
        }
        this.maxLogLines = maxLogLines;
    }

    public TrainingStatus status() {
        return new TrainingStatus(phase, progress, message);
    }

    public TrainingPhase phase() {
        return phase;
    }

    /** A worker took the run. */
    public void start() {
        phase = TrainingPhase.RUNNING;
        message = "starting";
    }

    /**
     * @param fraction clamped to [0, 1]
     * @param text the new status message, or null to keep the last one
     */
    public void progress(double fraction, String text) {
        progress = Math.max(0, Math.min(1, fraction));
        if (text != null) {
            message = text;
        }
    }

    /** The run ended in {@code ended} with that message; a success shows full progress. */
    public void end(TrainingPhase ended, String text) {
        message = text;
        if (ended == TrainingPhase.SUCCEEDED) {
            progress = 1;
        }
        finishedAt = Instant.now();
        phase = ended;
    }

    /**
     * Ends a run that stopped because {@link #cancelled()}: CANCELLED, or FAILED with the reason when the backend
     * {@linkplain #abort aborted} it, so that the platform does not report a shutdown as an operator's cancel.
     */
    public void endCancelled() {
        String reason = abortReason;
        log(reason == null ? "cancelled" : reason);
        end(reason == null ? TrainingPhase.CANCELLED : TrainingPhase.FAILED, reason == null ? "cancelled" : reason);
    }

    /** When the run ended, or null while it is queued or running. */
    public Instant finishedAt() {
        return finishedAt;
    }

    /** Appends a time-stamped line; a multi-line text counts as several lines. */
    public synchronized void log(String line) {
        for (String part : (Instant.now() + " " + line).split("\n", -1)) {
            log.addLast(part);
            if (log.size() > maxLogLines) {
                log.removeFirst();
            }
        }
    }

    /** The last {@code lines} log lines, each ending in a newline. */
    public synchronized String tail(int lines) {
        StringBuilder text = new StringBuilder();
        int skip = Math.max(0, log.size() - lines);
        for (String line : log) {
            if (skip-- <= 0) {
                text.append(line).append('\n');
            }
        }
        return text.toString();
    }

    /** True once the run is cancelled or aborted, or its worker interrupted: training should stop at its next check. */
    public boolean cancelled() {
        return cancelled || Thread.currentThread().isInterrupted();
    }

    /** A queued run ends at once; a running one when its training next checks {@link #cancelled()}. */
    public void cancel() {
        cancelled = true;
        Future<?> running = future;
        if (running != null && running.cancel(false) && phase == TrainingPhase.QUEUED) {
            end(TrainingPhase.CANCELLED, "cancelled before it started");
        }
    }

    /** Stops the run for a reason of the backend's own: it ends FAILED with that reason, not CANCELLED. */
    public void abort(String reason) {
        abortReason = reason;
        cancel();
        if (phase == TrainingPhase.CANCELLED) {
            end(TrainingPhase.FAILED, reason);
        }
    }

    /** Why the backend {@linkplain #abort aborted} the run, or null. */
    public String abortReason() {
        return abortReason;
    }

    /** Set by the pool once the run is queued, so that {@link #cancel} can take it off the queue. */
    void future(Future<?> queued) {
        this.future = queued;
    }
}
