package io.modelfleet.benchmark.edgeload;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Runs the requests of one phase on exactly {@code concurrency} worker threads, each sending one request at a
 * time, so at most {@code concurrency} requests are in flight. Workers pull the next task index from a shared
 * counter: tasks are created on demand, so a large run never holds all its requests in memory, and tasks start
 * in index order.
 */
final class PhaseRunner {

    /** One logical request; it records its own latency, items and errors on the phase. */
    @FunctionalInterface
    interface Task {
        void run(PhaseResult phase) throws Exception;
    }

    private PhaseRunner() {
    }

    /** Runs tasks {@code 0..count-1} and sets the phase's wall-clock time. */
    static void run(PhaseResult phase, int count, IntFunction<Task> taskAt, int concurrency)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        int threads = Math.max(1, Math.min(concurrency, count));
        List<Thread> workers = new ArrayList<>(threads);
        long start = System.nanoTime();
        for (int w = 0; w < threads; w++) {
            Thread t = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    phase.requests.incrementAndGet();
                    try {
                        taskAt.apply(i).run(phase);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        phase.error("interrupted");
                        return;
                    } catch (Exception e) {
                        phase.error(e.toString());
                    }
                }
            }, "edge-load-" + phase.name + "-" + w);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            t.join(); // every task ends with a reply, an error or the HTTP timeout
        }
        phase.elapsedNanos = System.nanoTime() - start;
    }
}
