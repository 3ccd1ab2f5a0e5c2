package io.modelfleet.benchmark.edgeload;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LatencyStatsTest {

    private static long[] oneTo(int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = i + 1;
        }
        return v;
    }

    @Test
    void nearestRankOnOneToHundred() {
        long[] v = oneTo(100);
        assertEquals(50, LatencyStats.percentile(v, 50));
        assertEquals(90, LatencyStats.percentile(v, 90));
        assertEquals(99, LatencyStats.percentile(v, 99));
        assertEquals(100, LatencyStats.percentile(v, 100));
        assertEquals(1, LatencyStats.percentile(v, 0));
        assertEquals(1, LatencyStats.percentile(v, 1));
    }

    @Test
    void nearestRankRoundsUpBetweenRanks() {
        long[] v = oneTo(10);
        assertEquals(5, LatencyStats.percentile(v, 50));
        assertEquals(10, LatencyStats.percentile(v, 91)); // rank ceil(9.1) = 10
        assertEquals(10, LatencyStats.percentile(v, 99));
        assertEquals(1, LatencyStats.percentile(v, 5));   // rank ceil(0.5) = 1
        assertEquals(2, LatencyStats.percentile(v, 11));  // rank ceil(1.1) = 2
    }

    @Test
    void singleAndEmpty() {
        assertEquals(7, LatencyStats.percentile(new long[]{7}, 50));
        assertEquals(7, LatencyStats.percentile(new long[]{7}, 99));
        assertEquals(0, LatencyStats.percentile(new long[0], 99));
    }

    @Test
    void rejectsOutOfRangePercentile() {
        assertThrows(IllegalArgumentException.class, () -> LatencyStats.percentile(oneTo(3), -1));
        assertThrows(IllegalArgumentException.class, () -> LatencyStats.percentile(oneTo(3), 100.5));
        assertThrows(IllegalArgumentException.class, () -> LatencyStats.percentile(oneTo(3), Double.NaN));
    }

    @Test
    void recorderSortsAndGrowsBeyondInitialCapacity() {
        LatencyStats stats = new LatencyStats();
        for (int i = 5000; i >= 1; i--) {
            stats.record(i * 1_000_000L); // i milliseconds, recorded in descending order
        }
        assertEquals(5000, stats.count());
        long[] sorted = stats.sorted();
        assertEquals(1_000_000L, sorted[0]);
        assertEquals(5000_000_000L, sorted[4999]);
        LatencyStats.Summary s = stats.summary();
        assertEquals(5000, s.count());
        assertEquals(2500.0, s.p50Ms(), 1e-9);
        assertEquals(4500.0, s.p90Ms(), 1e-9);
        assertEquals(4950.0, s.p99Ms(), 1e-9);
        assertEquals(5000.0, s.maxMs(), 1e-9);
    }

    @Test
    void summaryConvertsNanosToMillis() {
        LatencyStats stats = new LatencyStats();
        stats.record(1_500_000L);
        stats.record(250_000L);
        assertArrayEquals(new long[]{250_000L, 1_500_000L}, stats.sorted());
        LatencyStats.Summary s = stats.summary();
        assertEquals(0.25, s.p50Ms(), 1e-9);
        assertEquals(1.5, s.maxMs(), 1e-9);
    }

    @Test
    void emptySummaryIsZero() {
        LatencyStats.Summary s = new LatencyStats().summary();
        assertEquals(0, s.count());
        assertEquals(0.0, s.p99Ms());
    }
}
