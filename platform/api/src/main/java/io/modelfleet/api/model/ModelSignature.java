package io.modelfleet.api.model;

import java.util.List;

/** The inputs and outputs read from a model file. */
public record ModelSignature(List<TensorSpec> inputs, List<TensorSpec> outputs) {
    public static final ModelSignature EMPTY = new ModelSignature(List.of(), List.of());

    public ModelSignature {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }
}
