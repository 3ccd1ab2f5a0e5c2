package io.modelfleet.api.inference;

/** Failures an edge reports: a single inference that failed, or a problem of the agent or device. */
public enum EdgeEventKind {
    INFERENCE_FAILURE, EDGE_ERROR
}
