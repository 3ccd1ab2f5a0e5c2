package io.modelfleet.api.model;

/** One bin of a compared distribution: a label or a value range, with its share in the reference and live data. */
public record DriftBin(String bin, double reference, double live) {
}
