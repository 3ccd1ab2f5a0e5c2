package io.modelfleet.api.inference;

import java.time.Instant;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.Validation;

/** An inference failure or edge error as an agent reports it; idempotent by edge, kind and seq. */
public record ReportedEvent(long seq, EdgeEventKind kind, Instant time, String modelVersion, String message) {
    public static final int MAX_MESSAGE = 2048;

    public ReportedEvent {
        Validation.range("seq", seq, 0, Long.MAX_VALUE);
        if (kind == null) {
            throw new InvalidInputException("kind is required: INFERENCE_FAILURE or EDGE_ERROR");
        }
        if (time == null) {
            throw new InvalidInputException("time is required (ISO-8601 instant) for event seq " + seq);
        }
        Validation.optional("modelVersion", modelVersion, 64);
        Validation.required("message", message, MAX_MESSAGE);
    }
}
