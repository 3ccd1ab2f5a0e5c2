package io.modelfleet.rest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/** What the solution, stream and training run resources share: stored JSON as trees, the default run list length. */
final class StreamJson {
    static final int DEFAULT_RUNS = 50;

    private StreamJson() {
    }

    /** Stored JSON (parameters, schemas, reports) as a tree, so that it is answered as an object, not a string. */
    static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored parameters are not JSON", e);
        }
    }

    /** The {@code limit} query parameter of run lists, {@link #DEFAULT_RUNS} if not given. */
    static int runLimit(String limit) {
        Integer parsed = Params.optInt("limit", limit);
        return parsed == null ? DEFAULT_RUNS : parsed;
    }
}
