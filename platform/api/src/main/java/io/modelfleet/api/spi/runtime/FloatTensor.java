package io.modelfleet.api.spi.runtime;

/**
 * A float input given as it is laid out in memory, for callers that computed it (an image pre-processed by its
 * contract) and would otherwise box every value into nested lists. {@code data} is row-major in {@code shape}.
 */
public record FloatTensor(long[] shape, float[] data) {

    public FloatTensor {
        long count = 1;
        for (long side : shape) {
            if (side < 0) {
                throw new IllegalArgumentException("a tensor's dimensions are not negative");
            }
            count *= side;
        }
        if (count != data.length) {
            throw new IllegalArgumentException("a tensor of shape " + java.util.Arrays.toString(shape) + " holds " + count
                    + " values, not " + data.length);
        }
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }
}
