package io.modelfleet.benchmark.training;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelfleet.api.image.ImageContract;
import io.modelfleet.api.image.ImageLimits;
import io.modelfleet.api.image.Images;
import io.modelfleet.api.spi.solution.FileData;
import io.modelfleet.api.spi.solution.InputModel;
import io.modelfleet.api.spi.solution.TrainedModel;
import io.modelfleet.itests.harness.Digits;
import io.modelfleet.itests.harness.Frames;
import io.modelfleet.itests.onnx.OnnxModels;
import io.modelfleet.plugin.solution.image.classification.internal.ImageClassificationSolution;

/**
 * Image training throughput of image-classification on the 1,797 handwritten digits (PNG, as the platform stores
 * them): method {@code pixels} at the images' own 8x8 and resized to 32x32 grey and RGB, and method {@code transfer} on
 * a small convolutional backbone built in code (a MobileNet-sized one is in the edge-agent benchmark); and the cost of decoding and
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
        String[][] configurations = { { "pixels, 8x8 grey", "{\"width\":8,\"height\":8}" },
                { "pixels, 32x32 grey", "{\"width\":32,\"height\":32}" },
                { "pixels, 32x32 rgb", "{\"width\":32,\"height\":32,\"color\":\"rgb\"}" },
                { "transfer, 8x8 grey conv backbone (256-value embedding)",
                    "{\"method\":\"transfer\",\"backbone\":\"digits-backbone:1\"}" } };
        // transfer: Conv 3x3 (16 filters), ReLU, MaxPool 2x2 on the 8x8 digits, built in code
        Path backboneFile = work.resolve("backbone.onnx");
        Files.write(backboneFile, OnnxModels.imageBackbone(1, 8, 16, new int[0][], false, 11));
        Map<String, String> metadata = new LinkedHashMap<>(new ImageContract(OnnxModels.BACKBONE_INPUT, 8, 8, 1, "NCHW",
                new double[] { 0.3 }, new double[] { 0.4 }).metadata());
        metadata.put("embedding", OnnxModels.EMBEDDING);
        InputModel backbone = new InputModel("digits-backbone:1", metadata, backboneFile);
        solution.train(data, TrainingBenchmark.context(configurations[0][1], 99, work)); // warm-up
        System.out.printf("dataset: %d digit PNGs, %d repetitions (seeds 1..%d), 30 epochs (default)%n", digits.size(),
                repetitions, repetitions);
        System.out.println("| method and size | accuracy (mean) | run time p50 | images/s (whole run: decode, [embed,] train 30 epochs, evaluate, export) |");
        System.out.println("|---|---|---|---|");
        for (String[] configuration : configurations) {
            double[] seconds = new double[repetitions];
            double accuracy = 0;
            for (int r = 0; r < repetitions; r++) {
                long start = System.nanoTime();
                TrainedModel model = solution.train(data, TrainingBenchmark.context(configuration[1], r + 1, work)
                        .withInputModel("backbone", backbone));
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
            byte[] jpeg = Frames.photoLikeJpeg(size[0], size[1]);
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
}
