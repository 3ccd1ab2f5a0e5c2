package io.modelfleet.api.spi.solution;

/** The shape of data a solution trains on. */
public enum DatasetKind {
    /** Rows of named feature columns and a label. */
    TABULAR,
    /** One input file (image, audio, ...) per item and a label. */
    FILES
}
