package io.modelfleet.persistence;

/**
 * Inference results of one model version on some edges over a time window: how many, their mean score, how many
 * scored below the low-confidence threshold, and how many inferences failed (reported as events).
 */
public record QualityStats(long results, Double meanScore, long lowConfidence, long failures) {

    public double lowConfidenceRate() {
        return results == 0 ? 0 : (double) lowConfidence / results;
    }

    public double failureRate() {
        return results + failures == 0 ? 0 : (double) failures / (results + failures);
    }
}
