package ${package}.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Future;

import io.modelfleet.api.spi.training.TrainingPhase;
import io.modelfleet.api.spi.training.TrainingStatus;

/** One run's state, shared between its worker thread and the platform's polls. */
final class PoolRun {
    private final int maxLogLines;
    private final Deque<String> log = new ArrayDeque<>();
    private volatile TrainingPhase phase = TrainingPhase.QUEUED;
    private volatile double progress;
    private volatile String message = "waiting for a worker";
    private volatile boolean cancelled;
    private volatile Future<?> future;
    private volatile Instant finishedAt;

    PoolRun(int maxLogLines) {
        this.maxLogLines = maxLogLines;
    }

    TrainingStatus status() {
        return new TrainingStatus(phase, progress, message);
    }

    void start() {
        phase = TrainingPhase.RUNNING;
        message = "starting";
    }

    void progress(double fraction, String text) {
        progress = Math.max(0, Math.min(1, fraction));
        if (text != null) {
            message = text;
        }
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
        for (String part : (Instant.now() + " " + line).split("\n", -1)) {
            log.addLast(part);
            if (log.size() > maxLogLines) {
                log.removeFirst();
            }
        }
    }

    synchronized String tail(int lines) {
        StringBuilder text = new StringBuilder();
        int skip = Math.max(0, log.size() - lines);
        for (String line : log) {
            if (skip-- <= 0) {
                text.append(line).append('\n');
            }
        }
        return text.toString();
    }

    boolean cancelled() {
        return cancelled || Thread.currentThread().isInterrupted();
    }

    /** A queued run ends at once; a running one when its solution next checks {@code cancelled()}. */
    void cancel() {
        cancelled = true;
        Future<?> running = future;
        if (running != null && running.cancel(false) && phase == TrainingPhase.QUEUED) {
            end(TrainingPhase.CANCELLED, "cancelled before it started");
        }
    }

    void future(Future<?> future) {
        this.future = future;
    }
}
