package io.modelfleet.api.inference;

import java.time.Instant;

/** A stored sample: the input an edge ran inference on (JSON), with the prediction it got. */
public record InferenceSample(long edgeId, long seq, Instant time, String modelVersion, String label, Double score,
        String inputJson) {
}
