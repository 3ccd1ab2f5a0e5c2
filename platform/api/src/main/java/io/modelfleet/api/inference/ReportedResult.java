package io.modelfleet.api.inference;

import static io.modelfleet.api.Validation.optional;

import java.time.Instant;
import java.util.Map;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.Validation;

/**
 * One inference result as an agent reports it. {@code seq} is the agent's own monotonically increasing number and,
 * with the edge, the idempotency key: a result sent twice is stored once.
 */
public record ReportedResult(long seq, Instant time, String modelVersion, String stream, String label, Double score,
        Map<String, Double> probabilities, Double latencyMs, String inputRef, Map<String, Object> sample) {

    public static final int MAX_LABEL = 256;
    public static final int MAX_PROBABILITIES = 1000;
    /** Longest sample input (the model's inputs as JSON), in characters; agents keep theirs smaller. */
    public static final int MAX_SAMPLE_CHARS = 1024 * 1024;

    /** A result without a sample of its input. */
    public ReportedResult(long seq, Instant time, String modelVersion, String stream, String label, Double score,
            Map<String, Double> probabilities, Double latencyMs, String inputRef) {
        this(seq, time, modelVersion, stream, label, score, probabilities, latencyMs, inputRef, null);
    }

    public ReportedResult {
        Validation.range("seq", seq, 0, Long.MAX_VALUE);
        if (time == null) {
            throw new InvalidInputException("time is required (ISO-8601 instant) for result seq " + seq);
        }
        optional("modelVersion", modelVersion, 64);
        optional("stream", stream, 128);
        optional("label", label, MAX_LABEL);
        optional("inputRef", inputRef, 512);
        if (score != null) {
            Validation.finite("score", score, 0.0, 1.0);
        }
        if (latencyMs != null) {
            Validation.finite("latencyMs", latencyMs, 0.0, 86_400_000.0);
        }
        if (probabilities != null) {
            if (probabilities.size() > MAX_PROBABILITIES) {
                throw new InvalidInputException("probabilities has " + probabilities.size()
                        + " entries; the limit is " + MAX_PROBABILITIES);
            }
            probabilities.forEach((key, value) -> {
                optional("probabilities key", key, MAX_LABEL);
                if (value == null) {
                    throw new InvalidInputException("probabilities['" + key + "'] is null");
                }
                Validation.finite("probabilities['" + key + "']", value, 0.0, 1.0);
            });
            probabilities = Map.copyOf(probabilities);
        }
    }
}
