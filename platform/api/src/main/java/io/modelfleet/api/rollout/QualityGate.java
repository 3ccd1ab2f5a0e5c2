package io.modelfleet.api.rollout;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.Validation;

/**
 * Compares, on the wave's edges, the new version's inference results over the soak window with the previous
 * version's over an equally long window before the wave started. Each threshold is optional (null: not checked):
 * the mean score may drop by at most {@code maxScoreDrop}, the share of results scoring below
 * {@code lowConfidenceThreshold} may grow by at most {@code maxLowConfidenceIncrease}, and the share of failed
 * inferences by at most {@code maxFailureRateIncrease} (all as fractions, 0.05 = 5 points). With fewer than
 * {@code minResults} results on either side the gate cannot judge and fails, saying so. Left out, the threshold is
 * 0.5 and {@code minResults} 20.
 */
public record QualityGate(Double maxScoreDrop, Double maxLowConfidenceIncrease, Double maxFailureRateIncrease,
        Double lowConfidenceThreshold, Integer minResults) {

    public QualityGate {
        lowConfidenceThreshold = lowConfidenceThreshold == null ? 0.5 : lowConfidenceThreshold;
        minResults = minResults == null ? 20 : minResults;
        if (maxScoreDrop == null && maxLowConfidenceIncrease == null && maxFailureRateIncrease == null) {
            throw new InvalidInputException("quality names at least one of maxScoreDrop, maxLowConfidenceIncrease, maxFailureRateIncrease");
        }
        if (maxScoreDrop != null) {
            Validation.finite("quality.maxScoreDrop", maxScoreDrop, 0, 1);
        }
        if (maxLowConfidenceIncrease != null) {
            Validation.finite("quality.maxLowConfidenceIncrease", maxLowConfidenceIncrease, 0, 1);
        }
        if (maxFailureRateIncrease != null) {
            Validation.finite("quality.maxFailureRateIncrease", maxFailureRateIncrease, 0, 1);
        }
        Validation.finite("quality.lowConfidenceThreshold", lowConfidenceThreshold, 0, 1);
        Validation.range("quality.minResults", minResults, 1, 1_000_000);
    }
}
