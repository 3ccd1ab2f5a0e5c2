package io.modelfleet.api.image;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How an image model takes an image, stored in the model version's metadata next to {@code input} and {@code labels}:
 * the image is resized to {@code width} × {@code height}, converted to {@code channels} (1: grey by luma, 3: RGB), scaled
 * to [0, 1], normalised per channel as {@code (x - mean[c]) / std[c]} and laid out as {@code layout} ([1, C, H, W] for
 * NCHW, [1, H, W, C] for NHWC) as the float input named {@code input}.
 */
public record ImageContract(String input, int width, int height, int channels, String layout, double[] mean,
        double[] std) {
    public static final String WIDTH = "image.width";
    public static final String HEIGHT = "image.height";
    public static final String CHANNELS = "image.channels";
    public static final String LAYOUT = "image.layout";
    public static final String MEAN = "image.mean";
    public static final String STD = "image.std";
    public static final int MAX_SIDE = 4096;

    public ImageContract {
        if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException("image size must be 1.." + MAX_SIDE + " on each side, was " + width + "x"
                    + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("image channels must be 1 or 3, was " + channels);
        }
        if (!"NCHW".equals(layout) && !"NHWC".equals(layout)) {
            throw new IllegalArgumentException("image layout must be NCHW or NHWC, was " + layout);
        }
        if (mean.length != channels || std.length != channels) {
            throw new IllegalArgumentException("image mean and std need one value per channel");
        }
        for (int c = 0; c < channels; c++) {
            if (!Double.isFinite(mean[c]) || !(std[c] > 0) || !Double.isFinite(std[c])) {
                throw new IllegalArgumentException("image mean must be finite and std positive");
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** The tensor shape the input takes for one image. */
    public long[] shape() {
        return "NCHW".equals(layout) ? new long[] { 1, channels, height, width } : new long[] { 1, height, width, channels };
    }

    /** Values per image. */
    public int size() {
        return width * height * channels;
    }

    /** The contract a model's metadata holds, or null when it holds none (not an image model). */
    public static ImageContract of(Map<String, String> metadata) {
        if (metadata == null || !metadata.containsKey(WIDTH)) {
            return null;
        }
        try {
            return new ImageContract(metadata.getOrDefault("input", ""), Integer.parseInt(metadata.get(WIDTH).trim()),
                    Integer.parseInt(metadata.getOrDefault(HEIGHT, "").trim()),
                    Integer.parseInt(metadata.getOrDefault(CHANNELS, "").trim()),
                    metadata.getOrDefault(LAYOUT, "NCHW").trim().toUpperCase(Locale.ROOT),
                    numbers(metadata.getOrDefault(MEAN, "")), numbers(metadata.getOrDefault(STD, "")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the model's image contract has a value that is not a number");
        }
    }

    /** As metadata entries ({@code input} included). */
    public Map<String, String> metadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("input", input);
        metadata.put(WIDTH, Integer.toString(width));
        metadata.put(HEIGHT, Integer.toString(height));
        metadata.put(CHANNELS, Integer.toString(channels));
        metadata.put(LAYOUT, layout);
        metadata.put(MEAN, text(mean));
        metadata.put(STD, text(std));
        return metadata;
    }

    private static double[] numbers(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
    }

    private static String text(double[] values) {
        StringBuilder text = new StringBuilder();
        for (double value : values) {
            text.append(text.length() == 0 ? "" : ",").append(value);
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ImageContract that && input.equals(that.input) && width == that.width
                && height == that.height && channels == that.channels && layout.equals(that.layout)
                && Arrays.equals(mean, that.mean) && Arrays.equals(std, that.std);
    }

    @Override
    public int hashCode() {
        return (input.hashCode() * 31 + width) * 31 + height + Arrays.hashCode(mean);
    }

    @Override
    public String toString() {
        return "ImageContract" + metadata();
    }
}
