package io.modelfleet.benchmark.edgeload;

import java.util.Arrays;

/**
 * Collects every latency (nanoseconds) of a phase in a growing {@code long[]} and computes nearest-rank
 * percentiles on a sorted copy. Thread-safe for recording.
 */
public final class LatencyStats {

    private long[] values = new long[1024];
    private int size;

    public synchronized void record(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = nanos;
    }

    public synchronized int count() {
        return size;
    }

    public synchronized long[] sorted() {
        long[] copy = Arrays.copyOf(values, size);
        Arrays.sort(copy);
        return copy;
    }

    /**
     * Nearest-rank percentile: the smallest value such that at least {@code p} percent of all values are
     * less than or equal to it. {@code p == 0} gives the minimum, {@code p == 100} the maximum.
     *
     * @param sorted values in ascending order
     * @param p      percentile in [0, 100]
     * @return the percentile, or 0 when there are no values
     */
    public static long percentile(long[] sorted, double p) {
        if (Double.isNaN(p) || p < 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in [0, 100]: " + p);
        }
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length); // 1-based
        int index = Math.max(0, Math.min(sorted.length - 1, rank - 1));
        return sorted[index];
    }

    /** p50/p90/p99/max of the recorded values, in milliseconds. */
    public Summary summary() {
        return Summary.of(sorted());
    }

    public record Summary(int count, double p50Ms, double p90Ms, double p99Ms, double maxMs) {
        static Summary of(long[] sortedNanos) {
            return new Summary(sortedNanos.length,
                    ms(percentile(sortedNanos, 50)),
                    ms(percentile(sortedNanos, 90)),
                    ms(percentile(sortedNanos, 99)),
                    ms(percentile(sortedNanos, 100)));
        }

        private static double ms(long nanos) {
            return nanos / 1_000_000.0;
        }
    }
}
