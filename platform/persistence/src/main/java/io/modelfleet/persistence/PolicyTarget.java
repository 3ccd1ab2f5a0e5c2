package io.modelfleet.persistence;

/** What a collection policy is set on. */
public enum PolicyTarget {
    STREAM, EDGE
}
