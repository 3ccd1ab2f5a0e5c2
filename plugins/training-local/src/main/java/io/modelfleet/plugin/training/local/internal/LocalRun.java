package io.modelfleet.plugin.training.local.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Future;

import io.modelfleet.api.spi.training.TrainingPhase;
import io.modelfleet.api.spi.training.TrainingStatus;

/** One in-process run's state, shared between its worker thread and the coordinator's polls. */
final class LocalRun {
    private final int maxLogLines;
    private final Deque<String> log = new ArrayDeque<>();
    private volatile TrainingPhase phase = TrainingPhase.QUEUED;
    private volatile double progress;
    private volatile String message = "waiting for a worker";
    private volatile boolean cancelled;
    /** Why the backend stopped the run itself (a shutdown), or null when an operator cancelled it. */
    private volatile String abortReason;
    private volatile Future<?> future;
    private volatile Instant finishedAt;

    LocalRun(int maxLogLines) {
        this.maxLogLines = maxLogLines;
    }

    TrainingStatus status() {
        return new TrainingStatus(phase, progress, message);
    }

    TrainingPhase phase() {
        return phase;
    }

    void progress(double fraction, String text) {
        progress = Math.max(0, Math.min(1, fraction));
        if (text != null) {
            message = text;
        }
    }

    void start() {
        phase = TrainingPhase.RUNNING;
        message = "starting";
    }

    void end(TrainingPhase ended, String text) {
        message = text;
        if (ended == TrainingPhase.SUCCEEDED) {
            progress = 1;
        }
        finishedAt = Instant.now();
        phase = ended;
    }

    Instant finishedAt() {
        return finishedAt;
    }

    synchronized void log(String line) {
        String stamped = Instant.now() + " " + line;
        for (String part : stamped.split("\n", -1)) {
            log.addLast(part);
            if (log.size() > maxLogLines) {
                log.removeFirst();
            }
        }
    }

    synchronized String tail(int lines) {
        int skip = Math.max(0, log.size() - lines);
        StringBuilder text = new StringBuilder();
        for (String line : log) {
            if (skip-- > 0) {
                continue;
            }
            text.append(line).append('\n');
        }
        return text.toString();
    }

    boolean cancelled() {
        return cancelled || Thread.currentThread().isInterrupted();
    }

    void cancel() {
        cancelled = true;
        Future<?> running = future;
        if (running != null && running.cancel(false) && phase == TrainingPhase.QUEUED) {
            end(TrainingPhase.CANCELLED, "cancelled before it started");
        }
    }

    /** Stops the run for a reason of the backend's own: it ends FAILED with that reason, not CANCELLED. */
    void abort(String reason) {
        abortReason = reason;
        cancel();
        if (phase == TrainingPhase.CANCELLED) {
            end(TrainingPhase.FAILED, reason);
        }
    }

    String abortReason() {
        return abortReason;
    }

    void future(Future<?> future) {
        this.future = future;
    }
}
