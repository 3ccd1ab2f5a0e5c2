package io.modelfleet.api.inference;

import java.time.Duration;
import java.time.Instant;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.Validation;

/**
 * Time-bucketed statistics over [from, to). A result counts as low-confidence when its score is below
 * {@code lowConfidenceBelow}.
 */
public record AggregateQuery(Long edgeId, String modelVersion, Instant from, Instant to, long bucketSeconds,
        double lowConfidenceBelow) {

    public static final int MAX_BUCKETS = 10_000;

    public AggregateQuery {
        Validation.optional("modelVersion", modelVersion, 64);
        if (from == null || to == null) {
            throw new InvalidInputException("from and to are required");
        }
        if (!from.isBefore(to)) {
            throw new InvalidInputException("from must be before to");
        }
        Validation.range("bucketSeconds", bucketSeconds, 1, 366L * 24 * 3600);
        Validation.finite("lowConfidenceBelow", lowConfidenceBelow, 0.0, 1.0);
        long buckets = Duration.between(from, to).getSeconds() / bucketSeconds + 1;
        if (buckets > MAX_BUCKETS) {
            throw new InvalidInputException("the range spans " + buckets + " buckets; the limit is " + MAX_BUCKETS
                    + ": use a larger bucketSeconds or a shorter range");
        }
    }
}
