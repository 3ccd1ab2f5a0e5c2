package io.modelfleet.api.image;

/**
 * What one image may cost to decode. Pixels are checked from the header before any pixel is decoded, so a small file
 * declaring a huge image (a decompression bomb) is refused without allocating it.
 *
 * @param maxBytes the encoded file's size
 * @param maxPixels width × height as the header declares them
 * @param maxMillis decoding time; a decoder past it is aborted
 */
public record ImageLimits(long maxBytes, long maxPixels, long maxMillis) {
    /** 16 MiB, 40 megapixels (a 7,700 × 5,200 photo), 5 s. */
    public static final ImageLimits DEFAULT = new ImageLimits(16L << 20, 40_000_000L, 5_000);

    public ImageLimits {
        if (maxBytes < 1 || maxPixels < 1 || maxMillis < 1) {
            throw new IllegalArgumentException("image limits must be positive");
        }
    }
}
