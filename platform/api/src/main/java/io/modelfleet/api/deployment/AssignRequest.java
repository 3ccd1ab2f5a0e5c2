package io.modelfleet.api.deployment;

import java.util.List;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.Validation;

/** Assign a model version to edges picked by id, by tag, or both (the union). */
public record AssignRequest(long modelVersionId, List<Long> edgeIds, String tagKey, String tagValue) {
    public static final int MAX_EDGE_IDS = 10_000;

    public AssignRequest {
        edgeIds = edgeIds == null ? List.of() : List.copyOf(edgeIds);
        if (edgeIds.size() > MAX_EDGE_IDS) {
            throw new InvalidInputException("edgeIds lists " + edgeIds.size() + " edges; the limit is " + MAX_EDGE_IDS);
        }
        if (tagKey != null) {
            Validation.name("tagKey", tagKey, 64);
        }
        Validation.optional("tagValue", tagValue, 256);
        if (tagValue != null && tagKey == null) {
            throw new InvalidInputException("tagValue needs a tagKey");
        }
        if (edgeIds.isEmpty() && tagKey == null) {
            throw new InvalidInputException("name the edges: edgeIds, a tagKey (and tagValue), or both");
        }
    }
}
