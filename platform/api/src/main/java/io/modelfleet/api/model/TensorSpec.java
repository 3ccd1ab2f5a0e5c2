package io.modelfleet.api.model;

import java.util.List;

/**
 * One input or output of a model as its file declares it. {@code shape} uses -1 for a dynamic dimension; it is empty
 * for non-tensor values (sequences and maps), whose {@code elementType} then describes the value (for example
 * {@code seq(map(int64,float))}).
 */
public record TensorSpec(String name, String elementType, List<Long> shape) {
    public TensorSpec {
        shape = shape == null ? List.of() : List.copyOf(shape);
    }
}
