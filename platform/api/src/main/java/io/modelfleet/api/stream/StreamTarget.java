package io.modelfleet.api.stream;

import java.util.List;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.Validation;

/** The edges a stream's models go to: picked by id, by tag, or both (the union). Empty means none chosen yet. */
public record StreamTarget(List<Long> edgeIds, String tagKey, String tagValue) {
    public static final int MAX_EDGE_IDS = 10_000;
    public static final StreamTarget NONE = new StreamTarget(List.of(), null, null);

    public StreamTarget {
        edgeIds = edgeIds == null ? List.of() : List.copyOf(edgeIds);
        if (edgeIds.size() > MAX_EDGE_IDS) {
            throw new InvalidInputException("target.edgeIds lists " + edgeIds.size() + " edges; the limit is "
                    + MAX_EDGE_IDS, java.util.Map.of("target.edgeIds", "at most " + MAX_EDGE_IDS + " edges"));
        }
        for (Long edgeId : edgeIds) {
            if (edgeId == null || edgeId < 1) {
                throw new InvalidInputException("target.edgeIds must list edge ids, not " + edgeId,
                        java.util.Map.of("target.edgeIds", "positive edge ids"));
            }
        }
        tagKey = tagKey == null || tagKey.isBlank() ? null : Validation.name("target.tagKey", tagKey, 64);
        tagValue = tagValue == null || tagValue.isBlank() ? null : Validation.optional("target.tagValue", tagValue, 256);
        if (tagValue != null && tagKey == null) {
            throw new InvalidInputException("target.tagValue needs a tagKey",
                    java.util.Map.of("target.tagKey", "required when tagValue is given"));
        }
    }

    public boolean isEmpty() {
        return edgeIds.isEmpty() && tagKey == null;
    }
}
