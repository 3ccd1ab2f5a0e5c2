package io.modelfleet.api.inference;

import java.time.Instant;

/** A stored inference failure or edge error. */
public record EdgeEvent(long edgeId, long seq, EdgeEventKind kind, Instant time, String modelVersion, String message,
        Instant receivedAt) {
}
