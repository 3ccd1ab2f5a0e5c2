package io.modelfleet.api.model;

import java.util.List;

/**
 * One compared distribution: the predicted labels ({@code label}), the scores ({@code score}) or one input feature
 * (its column name). {@code psi} is the population stability index over {@code bins}; {@code test} names the
 * two-sample test (chi-square for labels, Kolmogorov-Smirnov for numbers) with its statistic and p-value. It
 * {@code drifted} when the PSI reaches the threshold and the test is significant.
 */
public record DriftMeasure(String name, String test, double psi, double statistic, double pValue, boolean drifted,
        List<DriftBin> bins) {
    public DriftMeasure {
        bins = List.copyOf(bins);
    }
}
