package io.modelfleet.api.spi.runtime;

import java.util.Map;

/**
 * One inference's outcome. {@code label} and {@code score} come from the model's post-processing (arg-max of
 * probabilities, a label output, or an anomaly score); {@code outputs} holds every raw output as JSON-shaped values.
 */
public record Prediction(String label, Double score, Map<String, Double> probabilities, Map<String, Object> outputs,
        double latencyMs) {

    public Prediction {
        probabilities = probabilities == null ? Map.of() : Map.copyOf(probabilities);
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
    }
}
