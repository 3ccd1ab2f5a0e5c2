package io.modelfleet.api.inference;

import java.time.Instant;
import java.util.Map;

/** A stored inference result. */
public record InferenceResult(long edgeId, long seq, Instant time, String modelVersion, String stream, String label,
        Double score, Map<String, Double> probabilities, Double latencyMs, String inputRef, Instant receivedAt) {
}
