package io.modelfleet.api.stream;

import java.util.List;

/** A held-out row of a run's evaluation: its feature values, true label and the trainer's prediction. */
public record HeldOutRow(List<String> values, String label, String predicted, double score) {
    public HeldOutRow {
        values = List.copyOf(values);
    }
}
