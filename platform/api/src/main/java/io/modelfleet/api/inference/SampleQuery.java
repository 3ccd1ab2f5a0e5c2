package io.modelfleet.api.inference;

import java.time.Instant;
import java.util.List;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.Validation;

/**
 * Selects stored samples; null fields mean "any" ({@code modelVersion} is name:version), an empty edge list means every edge. Samples come in (edge, seq)
 * order, or newest first with {@code newestFirst}: one edge's by seq (the agent's own order, whatever its clock did),
 * several edges' by time; at most {@code limit}.
 */
public record SampleQuery(List<Long> edgeIds, Instant from, Instant to, Double minScore, Double maxScore, String label,
        String modelVersion, long limit, boolean newestFirst) {
    public static final int MAX_EDGES = 10_000;

    /** Samples of any model version. */
    public SampleQuery(List<Long> edgeIds, Instant from, Instant to, Double minScore, Double maxScore, String label,
            long limit, boolean newestFirst) {
        this(edgeIds, from, to, minScore, maxScore, label, null, limit, newestFirst);
    }

    /** Samples in (edge, seq) order, as imports read them. */
    public SampleQuery(List<Long> edgeIds, Instant from, Instant to, Double minScore, Double maxScore, String label,
            long limit) {
        this(edgeIds, from, to, minScore, maxScore, label, null, limit, false);
    }

    public SampleQuery {
        edgeIds = edgeIds == null ? List.of() : List.copyOf(edgeIds);
        if (edgeIds.size() > MAX_EDGES) {
            throw new InvalidInputException("at most " + MAX_EDGES + " edges per query, not " + edgeIds.size());
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidInputException("from must be before to");
        }
        if (minScore != null && maxScore != null && minScore > maxScore) {
            throw new InvalidInputException("minScore must not exceed maxScore");
        }
        Validation.optional("label", label, ReportedResult.MAX_LABEL);
        Validation.optional("modelVersion", modelVersion, 64);
        if (limit <= 0) {
            throw new InvalidInputException("limit must be positive");
        }
    }
}
