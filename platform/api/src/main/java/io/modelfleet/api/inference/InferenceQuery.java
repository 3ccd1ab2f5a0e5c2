package io.modelfleet.api.inference;

import java.time.Instant;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.Validation;

/** Selects stored results or events; null fields mean "any". Results come newest first. */
public record InferenceQuery(Long edgeId, String modelVersion, Instant from, Instant to, PageRequest page) {
    public InferenceQuery {
        Validation.optional("modelVersion", modelVersion, 64);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidInputException("from must be before to");
        }
        page = page == null ? PageRequest.of(null, null) : page;
    }
}
