package io.modelfleet.api.stream;

import java.time.Instant;

/** One thing a retraining did or decided, in order: the state it reached and what happened. */
public record RetrainingStep(Instant at, RetrainingState state, String message) {
}
