package io.modelfleet.api.spi.training;

import java.util.Map;

/** The state of a submitted run; artifact and metrics are set once it has SUCCEEDED. */
public record TrainingStatus(TrainingPhase phase, double progress, String message, String artifactUri,
        Map<String, Double> metrics) {
    public TrainingStatus {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
