package io.modelfleet.benchmark.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import io.modelfleet.api.spi.runtime.InferenceRuntime;
import io.modelfleet.api.spi.runtime.LoadedModel;
import io.modelfleet.api.spi.runtime.Prediction;
import io.modelfleet.api.spi.solution.TabularData;
import io.modelfleet.api.spi.solution.TrainedModel;
import io.modelfleet.api.spi.solution.TrainingContext;
import io.modelfleet.testkit.RecordingContext;
import io.modelfleet.plugin.runtime.onnx.internal.OnnxInferenceRuntime;
import io.modelfleet.plugin.solution.tabular.classification.internal.TabularClassificationSolution;

/**
 * Training time and held-out quality of the tabular-classification solution on Fisher's iris data as Debian's
 * python3-sklearn ships it, next to two baselines trained and scored on exactly the same split: the majority class
 * and a nearest-centroid classifier. Each repetition uses another seed, so another stratified split. Every exported
 * model is also run by the edge's runtime (runtime-onnx) on its held-out rows: the edge must predict what the trainer
 * did.
 *
 * <pre>
 * java -cp target/classes:$(cat target/classpath.txt) io.modelfleet.benchmark.training.TrainingBenchmark \
 *     $(./fetch-iris.sh) 30
 * </pre>
 */
public final class TrainingBenchmark {
    private static final List<String> COLUMNS = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");
    private static final int WARMUP = 5;

    private TrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args.length > 0 ? args[0] : "/usr/lib/python3/dist-packages/sklearn/datasets/data/iris.csv");
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        TabularData iris = readSklearnCsv(csv);
        System.out.printf("dataset %s: %d rows, %d features, classes %s; %d repetitions (seeds 1..%d), %d warm-up%n",
                csv, iris.rows().size(), iris.columns().size(), iris.labels(), repetitions, repetitions, WARMUP);
        TabularClassificationSolution solution = new TabularClassificationSolution();
        Path work = Files.createTempDirectory("modelfleet-training-benchmark");
        InferenceRuntime edge = new OnnxInferenceRuntime();
        try {
            Map<String, String> configurations = new LinkedHashMap<>();
            configurations.put("logistic-regression (defaults)", "{}");
            configurations.put("factorization-machine (defaults)", "{\"algorithm\":\"factorization-machine\"}");
            for (int i = 0; i < WARMUP; i++) {
                solution.train(iris, context("{}", 1000 + i, work));
            }
            System.out.println();
            System.out.println("| model | accuracy (mean ± sd) | macro F1 (mean ± sd) | train time p50 / max | ONNX size | edge disagreements |");
            System.out.println("|---|---|---|---|---|---|");
            Map<String, double[][]> baselines = new LinkedHashMap<>();
            for (Map.Entry<String, String> configuration : configurations.entrySet()) {
                double[] accuracy = new double[repetitions];
                double[] f1 = new double[repetitions];
                double[] millis = new double[repetitions];
                long size = 0;
                int disagreements = 0;
                double[][] majority = new double[2][repetitions];
                double[][] centroid = new double[2][repetitions];
                for (int r = 0; r < repetitions; r++) {
                    long start = System.nanoTime();
                    TrainedModel model = solution.train(iris, context(configuration.getValue(), r + 1, work));
                    millis[r] = (System.nanoTime() - start) / 1e6;
                    accuracy[r] = model.metrics().get("accuracy");
                    f1[r] = model.metrics().get("macro_f1");
                    size = Files.size(model.artifact());
                    disagreements += disagreements(edge, model);
                    List<TabularData.Row> train = trainingRows(iris, model.heldOut());
                    score(majorityBaseline(train), model.heldOut(), iris.labels(), majority, r);
                    score(centroidBaseline(train), model.heldOut(), iris.labels(), centroid, r);
                    Files.delete(model.artifact());
                }
                Arrays.sort(millis);
                System.out.printf(Locale.ROOT, "| %s | %.3f ± %.3f | %.3f ± %.3f | %.1f ms / %.1f ms | %d B | %d |%n",
                        configuration.getKey(), mean(accuracy), sd(accuracy), mean(f1), sd(f1), millis[repetitions / 2],
                        millis[repetitions - 1], size, disagreements);
                baselines.putIfAbsent("baseline: majority class", majority);
                baselines.putIfAbsent("baseline: nearest centroid", centroid);
            }
            for (Map.Entry<String, double[][]> baseline : baselines.entrySet()) {
                System.out.printf(Locale.ROOT, "| %s | %.3f ± %.3f | %.3f ± %.3f | - | - | - |%n", baseline.getKey(),
                        mean(baseline.getValue()[0]), sd(baseline.getValue()[0]), mean(baseline.getValue()[1]),
                        sd(baseline.getValue()[1]));
            }

            // throughput: the same rows resampled with 2% jitter to 150,000 rows (timing only, not quality)
            TabularData large = jittered(iris, 1000, 42);
            long start = System.nanoTime();
            TrainedModel model = solution.train(large, context("{}", 7, work));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%nlogistic-regression (defaults) on %,d rows (iris x1000, jittered): %.1f s, "
                    + "%,.0f rows/s per epoch pass; held-out accuracy %.3f%n", large.rows().size(), seconds,
                    large.rows().size() * epochs(model) / seconds, model.metrics().get("accuracy"));
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static int epochs(TrainedModel model) {
        // the solution's default, read back from its report so the figure follows the plugin
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"epochs\"\\s*:\\s*(\\d+)").matcher(model.reportJson());
        return m.find() ? Integer.parseInt(m.group(1)) : 1;
    }

    /** sklearn's format: a header "n,features,class names...", then rows of features and the class index. */
    static TabularData readSklearnCsv(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.get(0).split(",");
        List<String> labels = List.of(header).subList(2, header.length);
        List<TabularData.Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",");
            rows.add(new TabularData.Row(List.of(cells).subList(0, COLUMNS.size()),
                    labels.get(Integer.parseInt(cells[COLUMNS.size()].trim()))));
        }
        return new TabularData(COLUMNS, labels, rows);
    }

    private static TabularData jittered(TabularData data, int copies, long seed) {
        Random random = new Random(seed);
        List<TabularData.Row> rows = new ArrayList<>();
        for (int c = 0; c < copies; c++) {
            for (TabularData.Row row : data.rows()) {
                List<String> values = new ArrayList<>();
                for (String value : row.values()) {
                    double v = Double.parseDouble(value);
                    values.add(String.format(Locale.ROOT, "%.4f", v * (1 + 0.02 * random.nextGaussian())));
                }
                rows.add(new TabularData.Row(values, row.label()));
            }
        }
        return new TabularData(data.columns(), data.labels(), rows);
    }

    /** A fresh work directory per run; what the run logs is kept in memory and not looked at. */
    static RecordingContext context(String parameters, long seed, Path work) throws Exception {
        return new RecordingContext(parameters, seed, Files.createTempDirectory(work, "run-"));
    }

    /** The dataset's rows minus the held-out ones (as a multiset): what the solution trained on. */
    private static List<TabularData.Row> trainingRows(TabularData data, List<TrainedModel.HeldOutPrediction> heldOut) {
        Map<String, Integer> held = new HashMap<>();
        heldOut.forEach(row -> held.merge(row.values() + "|" + row.label(), 1, Integer::sum));
        List<TabularData.Row> train = new ArrayList<>();
        for (TabularData.Row row : data.rows()) {
            String key = row.values() + "|" + row.label();
            if (held.getOrDefault(key, 0) > 0) {
                held.merge(key, -1, Integer::sum);
            } else {
                train.add(row);
            }
        }
        return train;
    }

    private interface Classifier {
        String predict(List<String> values);
    }

    private static Classifier majorityBaseline(List<TabularData.Row> train) {
        Map<String, Integer> counts = new HashMap<>();
        train.forEach(row -> counts.merge(row.label(), 1, Integer::sum));
        String majority = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        return values -> majority;
    }

    private static Classifier centroidBaseline(List<TabularData.Row> train) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (TabularData.Row row : train) {
            double[] sum = sums.computeIfAbsent(row.label(), k -> new double[row.values().size()]);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += Double.parseDouble(row.values().get(i));
            }
            counts.merge(row.label(), 1, Integer::sum);
        }
        sums.forEach((label, sum) -> {
            for (int i = 0; i < sum.length; i++) {
                sum[i] /= counts.get(label);
            }
        });
        return values -> {
            String best = null;
            double bestDistance = Double.MAX_VALUE;
            for (Map.Entry<String, double[]> centroid : sums.entrySet()) {
                double distance = 0;
                for (int i = 0; i < values.size(); i++) {
                    double d = Double.parseDouble(values.get(i)) - centroid.getValue()[i];
                    distance += d * d;
                }
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = centroid.getKey();
                }
            }
            return best;
        };
    }

    /** Accuracy and macro F1 of a baseline on the held-out rows, into slot r. */
    private static void score(Classifier classifier, List<TrainedModel.HeldOutPrediction> heldOut, List<String> labels,
            double[][] into, int r) {
        int correct = 0;
        Map<String, int[]> perClass = new HashMap<>(); // tp, fp, fn
        for (TrainedModel.HeldOutPrediction row : heldOut) {
            String predicted = classifier.predict(row.values());
            if (predicted.equals(row.label())) {
                correct++;
                perClass.computeIfAbsent(predicted, k -> new int[3])[0]++;
            } else {
                perClass.computeIfAbsent(predicted, k -> new int[3])[1]++;
                perClass.computeIfAbsent(row.label(), k -> new int[3])[2]++;
            }
        }
        double f1 = 0;
        for (String label : labels) {
            int[] c = perClass.getOrDefault(label, new int[3]);
            double precision = c[0] + c[1] == 0 ? 0 : (double) c[0] / (c[0] + c[1]);
            double recall = c[0] + c[2] == 0 ? 0 : (double) c[0] / (c[0] + c[2]);
            f1 += precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }
        into[0][r] = (double) correct / heldOut.size();
        into[1][r] = f1 / labels.size();
    }

    /**
     * Held-out rows on which the edge's runtime (runtime-onnx, with the model's contract as the agent gets it) predicts
     * another label than the trainer did, or a score more than 1e-4 away.
     */
    private static int disagreements(InferenceRuntime edge, TrainedModel model) throws Exception {
        int wrong = 0;
        try (LoadedModel loaded = edge.load(model.artifact(), model.contract())) {
            for (TrainedModel.HeldOutPrediction row : model.heldOut()) {
                Map<String, Object> named = new LinkedHashMap<>();
                for (int i = 0; i < COLUMNS.size(); i++) {
                    named.put(COLUMNS.get(i), Double.parseDouble(row.values().get(i)));
                }
                Prediction prediction = loaded.predict(named);
                if (!row.predicted().equals(prediction.label()) || Math.abs(prediction.score() - row.score()) > 1e-4) {
                    wrong++;
                }
            }
        }
        return wrong;
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    private static double sd(double[] values) {
        double mean = mean(values);
        return Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / Math.max(1, values.length - 1));
    }
}
