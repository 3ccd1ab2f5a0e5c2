package io.modelfleet.api.image;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes images within {@link ImageLimits} and turns them into model input as an {@link ImageContract} says. Pure
 * Java (ImageIO), the same on the server and the edge: resizing is done here rather than by Java2D, whose rendering
 * may differ between machines, so the trainer's tensor and the agent's are the same numbers.
 */
public final class Images {
    /** PNG, JPEG, BMP and GIF (its first frame). */
    public static final Set<String> FORMATS = Set.of("png", "jpeg", "bmp", "gif");

    private Images() {
    }

    /** Reads at most {@code limits.maxBytes()} from the stream, then decodes. */
    public static BufferedImage decode(InputStream in, ImageLimits limits) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        for (int n; (n = in.read(buffer)) > 0;) {
            bytes.write(buffer, 0, n);
            if (bytes.size() > limits.maxBytes()) {
                throw new ImageRejectedException("the image is larger than " + limits.maxBytes() + " bytes");
            }
        }
        return decode(bytes.toByteArray(), limits);
    }

    /**
     * @throws ImageRejectedException saying why: not a supported format (415), empty, declaring more pixels than
     *         allowed, damaged or cut short, or taking too long
     */
    public static BufferedImage decode(byte[] bytes, ImageLimits limits) {
        if (bytes.length == 0) {
            throw ImageRejectedException.unsupported("the image is empty (0 bytes)");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new ImageRejectedException("the image is " + bytes.length + " bytes; the limit is " + limits.maxBytes());
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            ImageReader reader = null;
            while (readers.hasNext() && reader == null) {
                ImageReader candidate = readers.next();
                if (FORMATS.contains(candidate.getFormatName().toLowerCase(Locale.ROOT).replace("jpg", "jpeg"))) {
                    reader = candidate;
                }
            }
            if (reader == null) {
                throw ImageRejectedException.unsupported("not a PNG, JPEG, BMP or GIF image");
            }
            String format = reader.getFormatName().toUpperCase(Locale.ROOT);
            try {
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width < 1 || height < 1) {
                    throw new ImageRejectedException("the " + format + " image is " + width + "x" + height
                            + ": there is nothing to see");
                }
                if (width * height > limits.maxPixels()) {
                    throw new ImageRejectedException("the " + format + " image declares " + width + "x" + height + " = "
                            + width * height + " pixels; the limit is " + limits.maxPixels());
                }
                Watch watch = new Watch(System.nanoTime() + limits.maxMillis() * 1_000_000L);
                reader.addIIOReadProgressListener(watch);
                reader.addIIOReadWarningListener(watch);
                BufferedImage image = reader.read(0);
                if (watch.aborted) {
                    throw new ImageRejectedException("decoding the " + format + " image took longer than "
                            + limits.maxMillis() + " ms");
                }
                if (watch.warning != null || image == null) {
                    throw new ImageRejectedException("the " + format + " image is damaged or cut short");
                }
                return image;
            } catch (ImageRejectedException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                // decoders fail on damaged input with anything from IIOException to index errors
                throw new ImageRejectedException("the " + format + " image is damaged or cut short");
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new ImageRejectedException("the image could not be read");
        }
    }

    /** Aborts a decoder past its deadline and remembers warnings (a JPEG cut short decodes grey with a warning). */
    private static final class Watch implements IIOReadProgressListener, IIOReadWarningListener {
        private final long deadline;
        private volatile boolean aborted;
        private volatile String warning;

        Watch(long deadline) {
            this.deadline = deadline;
        }

        @Override
        public void imageProgress(ImageReader source, float percentageDone) {
            if (System.nanoTime() > deadline) {
                aborted = true;
                source.abort();
            }
        }

        @Override
        public void warningOccurred(ImageReader source, String message) {
            warning = message;
        }

        @Override
        public void sequenceStarted(ImageReader source, int minIndex) {
        }

        @Override
        public void sequenceComplete(ImageReader source) {
        }

        @Override
        public void imageStarted(ImageReader source, int imageIndex) {
        }

        @Override
        public void imageComplete(ImageReader source) {
        }

        @Override
        public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) {
        }

        @Override
        public void thumbnailProgress(ImageReader source, float percentageDone) {
        }

        @Override
        public void thumbnailComplete(ImageReader source) {
        }

        @Override
        public void readAborted(ImageReader source) {
            aborted = true;
        }
    }

    /**
     * The image resized to {@code width} × {@code height} with {@code channels} channels, values in [0, 1], as planes
     * (channel-major: [C][H][W] flattened). Grey images keep their stored values; colour ones are taken as sRGB and
     * turned grey by luma (0.299 R + 0.587 G + 0.114 B) when one channel is asked for. Down-scaling averages the area
     * each target pixel covers; up-scaling interpolates linearly.
     */
    public static float[] planes(BufferedImage image, int width, int height, int channels) {
        int sourceWidth = image.getWidth();
        int sourceHeight = image.getHeight();
        float[][] source = sourcePlanes(image, channels);
        float[] out = new float[channels * width * height];
        Resampling horizontal = Resampling.of(sourceWidth, width);
        Resampling vertical = Resampling.of(sourceHeight, height);
        float[] resized = new float[sourceHeight * width];
        for (int c = 0; c < channels; c++) {
            float[] plane = source[c];
            // a side that keeps its size is copied: resampling it would multiply every value by 1
            float[] rows = plane;
            if (sourceWidth != width) {
                rows = resized;
                for (int y = 0; y < sourceHeight; y++) {
                    for (int x = 0; x < width; x++) {
                        rows[y * width + x] = horizontal.apply(plane, y * sourceWidth, 1, x);
                    }
                }
            }
            if (sourceHeight == height) {
                System.arraycopy(rows, 0, out, c * height * width, height * width);
                continue;
            }
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    out[(c * height + y) * width + x] = vertical.apply(rows, x, width, y);
                }
            }
        }
        return out;
    }

    /** The model input for one image: {@link #planes} normalised and laid out as the contract says. */
    public static float[] tensor(BufferedImage image, ImageContract contract) {
        return tensor(planes(image, contract.width(), contract.height(), contract.channels()), contract);
    }

    /** {@link #planes} of the contract's size, normalised and laid out as the contract says. */
    public static float[] tensor(float[] planes, ImageContract contract) {
        int w = contract.width();
        int h = contract.height();
        int channels = contract.channels();
        if (planes.length != contract.size()) {
            throw new IllegalArgumentException("planes of " + planes.length + " values; the contract takes " + contract.size());
        }
        float[] tensor = new float[planes.length];
        boolean channelsFirst = "NCHW".equals(contract.layout());
        for (int c = 0; c < channels; c++) {
            float mean = (float) contract.mean()[c];
            float std = (float) contract.std()[c];
            for (int i = 0; i < w * h; i++) {
                float value = (planes[c * w * h + i] - mean) / std;
                tensor[channelsFirst ? c * w * h + i : i * channels + c] = value;
            }
        }
        return tensor;
    }

    private static float[][] sourcePlanes(BufferedImage image, int channels) {
        int width = image.getWidth();
        int height = image.getHeight();
        Raster raster = image.getRaster();
        float[][] planes = new float[channels][width * height];
        boolean grey = raster.getNumBands() <= 2 && !(image.getColorModel() instanceof IndexColorModel);
        if (grey) {
            // stored grey values as they are: getRGB would convert the linear grey colour space and brighten them
            float max = (1 << raster.getSampleModel().getSampleSize(0)) - 1;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float value = raster.getSample(x, y, 0) / max;
                    for (int c = 0; c < channels; c++) {
                        planes[c][y * width + x] = value;
                    }
                }
            }
            return planes;
        }
        if (interleavedSrgbBytes(image)) {
            // what JPEG and most PNG files decode to: the bytes themselves, which getRGB would return unchanged
            PixelInterleavedSampleModel model = (PixelInterleavedSampleModel) raster.getSampleModel();
            DataBufferByte buffer = (DataBufferByte) raster.getDataBuffer();
            byte[] data = buffer.getData();
            int stride = model.getPixelStride();
            int tx = raster.getSampleModelTranslateX();
            int ty = raster.getSampleModelTranslateY();
            for (int y = 0; y < height; y++) {
                int r = buffer.getOffset() + model.getOffset(-tx, y - ty, 0);
                int g = buffer.getOffset() + model.getOffset(-tx, y - ty, 1);
                int b = buffer.getOffset() + model.getOffset(-tx, y - ty, 2);
                for (int x = 0; x < width; x++) {
                    rgb(planes, channels, y * width + x, (data[r + x * stride] & 0xff) / 255f,
                            (data[g + x * stride] & 0xff) / 255f, (data[b + x * stride] & 0xff) / 255f);
                }
            }
            return planes;
        }
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width); // a row at a time: far cheaper than a call per pixel
            for (int x = 0; x < width; x++) {
                int rgb = row[x];
                float r = ((rgb >> 16) & 0xff) / 255f;
                float g = ((rgb >> 8) & 0xff) / 255f;
                float b = (rgb & 0xff) / 255f;
                rgb(planes, channels, y * width + x, r, g, b);
            }
        }
        return planes;
    }

    private static void rgb(float[][] planes, int channels, int index, float r, float g, float b) {
        if (channels == 1) {
            planes[0][index] = 0.299f * r + 0.587f * g + 0.114f * b;
        } else {
            planes[0][index] = r;
            planes[1][index] = g;
            planes[2][index] = b;
        }
    }

    /** 8-bit sRGB (with or without straight alpha) in one interleaved byte array. */
    private static boolean interleavedSrgbBytes(BufferedImage image) {
        Raster raster = image.getRaster();
        if (!(raster.getSampleModel() instanceof PixelInterleavedSampleModel model)
                || !(raster.getDataBuffer() instanceof DataBufferByte buffer) || buffer.getNumBanks() != 1
                || !(image.getColorModel() instanceof ComponentColorModel colour)
                || !colour.getColorSpace().isCS_sRGB() || colour.isAlphaPremultiplied() || model.getNumBands() < 3) {
            return false;
        }
        for (int size : model.getSampleSize()) {
            if (size != 8) {
                return false;
            }
        }
        return true;
    }

    /** Per output index along one axis: the input indexes and weights it is made of. */
    private record Resampling(int[][] indexes, float[][] weights) {

        static Resampling of(int from, int to) {
            int[][] indexes = new int[to][];
            float[][] weights = new float[to][];
            double scale = (double) from / to;
            for (int o = 0; o < to; o++) {
                if (scale >= 1) { // area: the input span [o*scale, (o+1)*scale) with partial coverage at its ends
                    double start = o * scale;
                    double end = start + scale;
                    int first = (int) Math.floor(start);
                    int last = Math.min(from - 1, (int) Math.ceil(end) - 1);
                    indexes[o] = new int[last - first + 1];
                    weights[o] = new float[last - first + 1];
                    for (int i = first; i <= last; i++) {
                        double covered = Math.min(end, i + 1) - Math.max(start, i);
                        indexes[o][i - first] = i;
                        weights[o][i - first] = (float) (covered / scale);
                    }
                } else { // linear between the two nearest input centres
                    double centre = (o + 0.5) * scale - 0.5;
                    int left = (int) Math.floor(centre);
                    double fraction = centre - left;
                    indexes[o] = new int[] { Math.max(0, left), Math.min(from - 1, left + 1) };
                    weights[o] = new float[] { (float) (1 - fraction), (float) fraction };
                }
            }
            return new Resampling(indexes, weights);
        }

        float apply(float[] values, int offset, int stride, int output) {
            float sum = 0;
            int[] from = indexes[output];
            float[] weight = weights[output];
            for (int k = 0; k < from.length; k++) {
                sum += values[offset + from[k] * stride] * weight[k];
            }
            return sum;
        }
    }
}
