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
    FAILURE_RATE
}
