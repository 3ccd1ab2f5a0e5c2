package io.modelfleet.benchmark.edgeload;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Runs the events of a {@link FleetSchedule} without a thread per edge: one {@link DelayQueue} holds each edge's
 * next event of each kind, and a fixed pool of workers takes whatever is due, puts that edge's next event of the
 * same kind back (computed from the <em>scheduled</em> time, so latency never slows the rate) and then handles it,
 * one at a time per worker. A worker handling an HTTP request synchronously holds one keep-alive connection, so the
 * number of workers bounds the connections.
 *
 * <p>Desired-state polls can be pulled forward, as the agent does when a heartbeat reports a new ETag:
 * {@link #pollNow} queues a poll due now and supersedes the edge's scheduled one (a generation number per edge;
 * a superseded event is dropped when it falls due, and the chain continues from the new poll).
 *
 * <p>An event's lag is how late a worker took it: {@code startNanos - due}. It grows when every worker is busy
 * (slow answers) or the generator is short of CPU.
 */
final class FleetScheduler {

    /** One due action of one edge. {@code number} counts the events of its chain (0 = the first). */
    static final class Event implements Delayed {
        final int edge;
        final int kind;
        final long due;
        final long number;
        final long generation;
        private final LongSupplier clock;

        Event(int edge, int kind, long due, long number, long generation, LongSupplier clock) {
            this.edge = edge;
            this.kind = kind;
            this.due = due;
            this.number = number;
            this.generation = generation;
            this.clock = clock;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - clock.getAsLong(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            if (o instanceof Event e) {
                return Long.compare(due, e.due);
            }
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public String toString() {
            return FleetSchedule.KIND_NAMES[kind] + " #" + number + " of edge " + edge;
        }
    }

    /** Does one event; runs on a worker. Exceptions are counted as handler failures. */
    @FunctionalInterface
    interface Handler {
        void handle(Event event, long startNanos) throws Exception;
    }

    /** What a run did: events handled, polls superseded, events due before the end but never taken. */
    record Outcome(long handled, long superseded, long backlog, long failures, List<String> failureSamples) {
    }

    private final FleetSchedule schedule;
    private final DelayQueue<Event> queue = new DelayQueue<>();
    private final AtomicLongArray pollGeneration;
    private final LongSupplier clock = System::nanoTime;
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong superseded = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final List<String> failureSamples = new ArrayList<>();

    FleetScheduler(FleetSchedule schedule) {
        this.schedule = schedule;
        this.pollGeneration = new AtomicLongArray(schedule.edges());
    }

    /** Queues every edge's first event of every enabled kind, staggered from {@code startNanos}. */
    void seed(long startNanos) {
        for (int kind = 0; kind < FleetSchedule.KINDS; kind++) {
            if (!schedule.enabled(kind)) {
                continue;
            }
            for (int edge = 0; edge < schedule.edges(); edge++) {
                queue.add(new Event(edge, kind, startNanos + schedule.firstOffsetNanos(edge, kind), 0, 0, clock));
            }
        }
    }

    /** A desired-state poll for {@code edge} due now, replacing its scheduled one (no-op when polls are off). */
    void pollNow(int edge) {
        if (!schedule.enabled(FleetSchedule.POLL)) {
            return;
        }
        long generation = pollGeneration.incrementAndGet(edge);
        queue.add(new Event(edge, FleetSchedule.POLL, clock.getAsLong(), 0, generation, clock));
    }

    int queued() {
        return queue.size();
    }

    /** The queued events, for tests. */
    List<Event> pending() {
        return new ArrayList<>(queue);
    }

    /**
     * Handles due events on {@code workers} threads until {@code endNanos}; returns once every worker finished the
     * event it was handling. Events due at or after the end stay queued and are not counted as backlog.
     */
    Outcome run(int workers, long endNanos, Handler handler) throws InterruptedException {
        List<Thread> threads = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            Thread t = new Thread(() -> work(endNanos, handler), "edge-load-fleet-" + w);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long backlog = 0;
        for (Event e : queue) {
            if (e.due < endNanos && !(e.kind == FleetSchedule.POLL && e.generation != pollGeneration.get(e.edge))) {
                backlog++;
            }
        }
        synchronized (failureSamples) {
            return new Outcome(handled.get(), superseded.get(), backlog, failures.get(), List.copyOf(failureSamples));
        }
    }

    private void work(long endNanos, Handler handler) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        while (true) {
            long now = clock.getAsLong();
            if (now >= endNanos) {
                return;
            }
            Event e;
            try {
                e = queue.poll(Math.min(endNanos - now, 50_000_000L), TimeUnit.NANOSECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
            if (e == null) {
                continue;
            }
            if (e.due >= endNanos) { // taken just as the run ended: leave it for nobody, but do not lose count
                queue.add(e);
                return;
            }
            if (e.kind == FleetSchedule.POLL && e.generation != pollGeneration.get(e.edge)) {
                superseded.incrementAndGet();
                continue;
            }
            queue.add(new Event(e.edge, e.kind, e.due + schedule.intervalNanos(e.kind, rnd), e.number + 1,
                    e.generation, clock));
            long start = clock.getAsLong();
            handled.incrementAndGet();
            try {
                handler.handle(e, start);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception | Error ex) {
                failures.incrementAndGet();
                synchronized (failureSamples) {
                    if (failureSamples.size() < PhaseResult.MAX_ERROR_SAMPLES) {
                        failureSamples.add(e + ": " + ex);
                    }
                }
            }
        }
    }
}
