package io.modelfleet.api.alert;

/** What a rule watches. */
public enum AlertKind {
    /** An approved edge has not been seen for more than {@code windowMinutes}; one alert per edge. */
    EDGE_OFFLINE,
    /**
     * More than {@code threshold} percent of the results over the last {@code windowMinutes} scored below
     * {@code scoreBelow} (at least {@code minResults} results): for the fleet, one model version or one edge.
     */
    LOW_CONFIDENCE_RATE,
    /** More than {@code threshold} percent of the inferences over the last {@code windowMinutes} failed. */
    FAILURE_RATE,
    /**
     * The inference samples of {@code modelVersion} (name:version) over the last {@code windowMinutes}, of the edges
     * with a tag when one is given, drifted from its training dataset version: a label, score or input distribution
     * with a population stability index of at least {@code threshold} (default 0.2) and a significant two-sample test,
     * among at least {@code minResults} samples.
     */
    DRIFT,
    /**
     * A rollout (of a model version or an agent release) ended FAILED or ROLLED_BACK within the last
     * {@code windowMinutes} (default 60); one alert per rollout, fleet-wide. It resolves quietly once the window passed.
     */
    ROLLOUT_FAILED,
    /** A training run FAILED within the last {@code windowMinutes}; one alert per run, resolved quietly after it. */
    TRAINING_FAILED,
    /**
     * A training run SUCCEEDED within the last {@code windowMinutes} and registered a model version to review; one
     * alert per run, resolved quietly after the window.
     */
    TRAINING_SUCCEEDED;

    /** Kinds that tell of something that happened (one alert per occurrence) rather than of a condition that holds. */
    public boolean event() {
        return this == ROLLOUT_FAILED || this == TRAINING_FAILED || this == TRAINING_SUCCEEDED;
    }
}
