package io.modelfleet.api.edge;

/** What the edge agent reports about its inference runtime. */
public enum InferenceStatus {
    NO_MODEL, READY, INFERENCING, ERROR
}
