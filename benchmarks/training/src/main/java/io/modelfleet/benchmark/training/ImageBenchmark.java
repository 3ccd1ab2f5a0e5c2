package io.modelfleet.benchmark.training;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import io.modelfleet.api.image.ImageContract;
import io.modelfleet.api.image.ImageLimits;
import io.modelfleet.api.image.Images;
import io.modelfleet.api.spi.solution.FileData;
import io.modelfleet.api.spi.solution.TrainedModel;
import io.modelfleet.itests.harness.Digits;
import io.modelfleet.plugin.solution.image.classification.internal.ImageClassificationSolution;

/**
 * Image training throughput of image-classification's {@code pixels} method on the 1,797 handwritten digits (PNG, as
 * the platform stores them), at the images' own 8x8 and resized to 32x32 grey and RGB; and the cost of decoding and
 * pre-processing one camera-sized frame (a 640x480 and a 224x224 JPEG) as the agent does before ONNX Runtime.
 *
 * <pre>
 * java -cp target/classes:$(cat target/classpath.txt) io.modelfleet.benchmark.training.ImageBenchmark 5
 * </pre>
 */
public final class ImageBenchmark {

    private ImageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Digits.Digit> digits = Digits.load();
        FileData data = Digits.files(digits);
        ImageClassificationSolution solution = new ImageClassificationSolution();
        Path work = Files.createTempDirectory("modelfleet-image-benchmark");
        String[][] configurations = { { "8x8 grey", "{\"width\":8,\"height\":8}" },
                { "32x32 grey", "{\"width\":32,\"height\":32}" },
                { "32x32 rgb", "{\"width\":32,\"height\":32,\"color\":\"rgb\"}" } };
        solution.train(data, TrainingBenchmark.context(configurations[0][1], 99, work)); // warm-up
        System.out.printf("dataset: %d digit PNGs, %d repetitions (seeds 1..%d), 30 epochs (default)%n", digits.size(),
                repetitions, repetitions);
        System.out.println("| size | accuracy (mean) | run time p50 | images/s (whole run: decode, train 30 epochs, evaluate, export) |");
        System.out.println("|---|---|---|---|");
        for (String[] configuration : configurations) {
            double[] seconds = new double[repetitions];
            double accuracy = 0;
            for (int r = 0; r < repetitions; r++) {
                long start = System.nanoTime();
                TrainedModel model = solution.train(data, TrainingBenchmark.context(configuration[1], r + 1, work));
                seconds[r] = (System.nanoTime() - start) / 1e9;
                accuracy += model.metrics().get("accuracy") / repetitions;
            }
            Arrays.sort(seconds);
            double p50 = seconds[repetitions / 2];
            System.out.printf("| %s | %.3f | %.2f s | %.0f |%n", configuration[0], accuracy, p50, digits.size() / p50);
        }

        System.out.println();
        System.out.println("| frame | decode p50 | decode + resize + normalise to 224x224x3 p50 | decode + to 32x32x1 p50 |");
        System.out.println("|---|---|---|---|");
        for (int[] size : new int[][] { { 640, 480 }, { 224, 224 } }) {
            byte[] jpeg = jpeg(size[0], size[1]);
            ImageContract large = new ImageContract("image", 224, 224, 3, "NCHW", new double[] { 0.485, 0.456, 0.406 },
                    new double[] { 0.229, 0.224, 0.225 });
            ImageContract small = new ImageContract("image", 32, 32, 1, "NCHW", new double[] { 0.5 }, new double[] { 0.25 });
            double[] decode = new double[200];
            double[] toLarge = new double[200];
            double[] toSmall = new double[200];
            for (int round = 0; round < 2; round++) { // the first round warms up
                for (int i = 0; i < decode.length; i++) {
                    long start = System.nanoTime();
                    BufferedImage image = Images.decode(jpeg, ImageLimits.DEFAULT);
                    long decoded = System.nanoTime();
                    Images.tensor(image, large);
                    long large224 = System.nanoTime();
                    Images.tensor(Images.decode(jpeg, ImageLimits.DEFAULT), small);
                    long small32 = System.nanoTime();
                    decode[i] = (decoded - start) / 1e6;
                    toLarge[i] = (large224 - start) / 1e6;
                    toSmall[i] = (small32 - large224) / 1e6;
                }
            }
            Arrays.sort(decode);
            Arrays.sort(toLarge);
            Arrays.sort(toSmall);
            System.out.printf("| %dx%d JPEG (%d bytes) | %.2f ms | %.2f ms | %.2f ms |%n", size[0], size[1], jpeg.length,
                    decode[100], toLarge[100], toSmall[100]);
        }
    }

    /** A photo-like frame: smooth gradients with noise, so JPEG has detail to encode. */
    private static byte[] jpeg(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(1);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = Math.min(255, x * 255 / width + random.nextInt(30));
                int g = Math.min(255, y * 255 / height + random.nextInt(30));
                int b = Math.min(255, (x + y) * 128 / (width + height) + random.nextInt(30));
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }
}
