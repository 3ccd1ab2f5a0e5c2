package io.modelfleet.api.edge;

/** Operator decision about an edge. Only APPROVED edges receive models; REJECTED and DISABLED ones are refused. */
public enum EdgeState {
    PENDING, APPROVED, REJECTED, DISABLED
}
