package io.modelfleet.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.model.DriftMeasure;

/**
 * The drift statistics on synthetic data: a shifted input or label distribution is found, an unshifted one is not,
 * and the false-alarm rate over 100 seeds is measured (and printed for docs/benchmarks.md).
 */
class DriftStatisticsTest {
    private static final double PSI = 0.2;
    private static final double ALPHA = 0.01;

    private static double[] normal(SplittableRandom random, int n, double mean, double sd) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            // Box-Muller
            double u = 1 - random.nextDouble();
            double v = random.nextDouble();
            values[i] = mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
        }
        return values;
    }

    private static Map<String, Long> labels(SplittableRandom random, int n, double[] shares) {
        Map<String, Long> counts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            double x = random.nextDouble();
            int k = 0;
            while (k < shares.length - 1 && x >= shares[k]) {
                x -= shares[k];
                k++;
            }
            counts.merge("class-" + k, 1L, Long::sum);
        }
        return counts;
    }

    @Test
    void aShiftedFeatureDriftsAndAnUnshiftedOneRarelyAlarms() {
        int falseAlarms = 0;
        int found = 0;
        for (int seed = 0; seed < 100; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            double[] training = normal(random, 2_000, 0, 1);
            DriftMeasure same = DriftStatistics.numeric("f1", training, normal(random, 500, 0, 1), PSI, ALPHA);
            DriftMeasure shifted = DriftStatistics.numeric("f1", training, normal(random, 500, 0.75, 1), PSI, ALPHA);
            falseAlarms += same.drifted() ? 1 : 0;
            found += shifted.drifted() ? 1 : 0;
        }
        System.out.printf("numeric drift over 100 seeds (2,000 vs 500, PSI >= %.1f and KS p < %.2f): "
                + "false alarms %d, a 0.75 sd shift found %d%n", PSI, ALPHA, falseAlarms, found);
        assertTrue(falseAlarms <= 2, "false alarms: " + falseAlarms);
        assertTrue(found >= 98, "shifts found: " + found);
    }

    @Test
    void aChangedLabelMixDriftsAndTheSameMixRarelyAlarms() {
        double[] mix = { 0.6, 0.3, 0.1 };
        double[] changed = { 0.35, 0.35, 0.3 };
        int falseAlarms = 0;
        int found = 0;
        for (int seed = 0; seed < 100; seed++) {
            SplittableRandom random = new SplittableRandom(1_000 + seed);
            Map<String, Long> training = labels(random, 2_000, mix);
            falseAlarms += DriftStatistics.categorical("label", training, labels(random, 500, mix), PSI, ALPHA)
                    .drifted() ? 1 : 0;
            found += DriftStatistics.categorical("label", training, labels(random, 500, changed), PSI, ALPHA)
                    .drifted() ? 1 : 0;
        }
        System.out.printf("label drift over 100 seeds (2,000 vs 500): false alarms %d, a changed mix found %d%n",
                falseAlarms, found);
        assertTrue(falseAlarms <= 2, "false alarms: " + falseAlarms);
        assertEquals(100, found);
    }

    @Test
    void theTestsAgreeWithKnownValues() {
        // chi-square survival: P(X >= 3.841) with 1 df is 0.05; P(X >= 9.210) with 2 df is 0.01
        assertEquals(0.05, DriftStatistics.chiSquareSurvival(3.841459, 1), 1e-5);
        assertEquals(0.01, DriftStatistics.chiSquareSurvival(9.210340, 2), 1e-5);
        assertEquals(0.5, DriftStatistics.chiSquareSurvival(9.341818, 10), 1e-5);
        // Kolmogorov: lambda 1.358 is the 5 % point
        assertEquals(0.05, DriftStatistics.ksPValue(1.358 / Math.sqrt(1_000_000.0 * 1_000_000 / 2_000_000) , 1_000_000,
                1_000_000), 2e-3);
        assertEquals(1.0, DriftStatistics.ksStatistic(new double[] { 1, 2 }, new double[] { 3, 4 }), 0);
        assertEquals(0.0, DriftStatistics.ksStatistic(new double[] { 1, 2 }, new double[] { 1, 2 }), 0);
        assertEquals(Math.log(24), DriftStatistics.logGamma(5), 1e-10);
        // identical samples: no PSI, nothing significant
        double[] values = normal(new SplittableRandom(3), 1_000, 0, 1);
        DriftMeasure same = DriftStatistics.numeric("x", values, values, PSI, ALPHA);
        assertEquals(0.0, same.psi(), 1e-12);
        assertFalse(same.drifted());
        assertEquals(10, same.bins().size(), "deciles of the reference");
    }
}
