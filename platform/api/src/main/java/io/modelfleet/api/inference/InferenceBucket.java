package io.modelfleet.api.inference;

import java.time.Instant;

/** Statistics for one time bucket; {@code meanScore} is null when no result in it had a score. */
public record InferenceBucket(Instant start, long count, Double meanScore, long lowConfidence, long failures) {
}
