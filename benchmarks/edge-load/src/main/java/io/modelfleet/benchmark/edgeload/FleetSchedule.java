package io.modelfleet.benchmark.edgeload;

import java.util.Random;

/**
 * When each simulated edge does what: pure arithmetic, no clock. Every kind of event (heartbeat, desired-state
 * poll, result batch) has a period; an edge's first event of a kind is staggered evenly over one period (edge
 * {@code i} of {@code N} at {@code period * frac(i / N + phase)}, the phase differing per kind so one edge's
 * heartbeat and poll do not coincide), and each following one comes {@code period * (1 + jitter * u)} after the
 * previous <em>scheduled</em> time, {@code u} uniform in [-1, 1): the mean rate is exactly {@code N / period}
 * whatever the latency, and nothing starts as a thundering herd.
 */
final class FleetSchedule {

    static final int HEARTBEAT = 0;
    static final int POLL = 1;
    static final int RESULTS = 2;
    static final int KINDS = 3;
    static final String[] KIND_NAMES = {"heartbeat", "desired-state", "results"};
    /** Fraction of a period each kind's stagger is shifted by. */
    private static final double[] PHASE = {0.0, 0.5, 0.25};

    private final int edges;
    private final long[] periodNanos;
    private final double jitter;

    /**
     * @param periodNanos per kind, 0 for a kind that is off
     * @param jitter      in [0, 1)
     */
    FleetSchedule(int edges, long[] periodNanos, double jitter) {
        if (edges < 1 || periodNanos.length != KINDS || jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("edges >= 1, one period per kind, jitter in [0, 1)");
        }
        this.edges = edges;
        this.periodNanos = periodNanos.clone();
        this.jitter = jitter;
    }

    int edges() {
        return edges;
    }

    boolean enabled(int kind) {
        return periodNanos[kind] > 0;
    }

    long periodNanos(int kind) {
        return periodNanos[kind];
    }

    /** Offset from the start of the first event of {@code kind} for {@code edge}: in [0, period). */
    long firstOffsetNanos(int edge, int kind) {
        long period = periodNanos[kind];
        if (period <= 0) {
            throw new IllegalStateException(KIND_NAMES[kind] + " is off");
        }
        double fraction = (double) edge / edges + PHASE[kind];
        fraction -= Math.floor(fraction);
        return Math.min(period - 1, (long) (fraction * period));
    }

    /** The interval to the next event of {@code kind}: in [period * (1 - jitter), period * (1 + jitter)]. */
    long intervalNanos(int kind, Random rnd) {
        long period = periodNanos[kind];
        if (period <= 0) {
            throw new IllegalStateException(KIND_NAMES[kind] + " is off");
        }
        double u = rnd.nextDouble() * 2 - 1; // [-1, 1)
        return Math.max(1, Math.round(period * (1 + jitter * u)));
    }
}
