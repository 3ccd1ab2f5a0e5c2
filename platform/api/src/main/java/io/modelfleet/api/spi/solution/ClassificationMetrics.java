package io.modelfleet.api.spi.solution;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


/**
 * Classification metrics on the held-out split. Per-class precision, recall and F1 are reported for every class the
 * model knows (0 where undefined); the macro averages are over the classes that occur in the held-out split's true or
 * predicted labels, as scikit-learn does. Shared by the classification solutions, so their metrics mean the same.
 */
public final class ClassificationMetrics {
    /** The headline metrics, in the order {@link SolutionType#metrics()} lists them. */
    public static final List<String> HEADLINE = List.of("accuracy", "macro_f1", "macro_precision", "macro_recall");

    private final List<String> classes;
    private final long[][] confusion;
    private int total;
    private int correct;

    /** @param classes the model's classes, in output index order */
    public ClassificationMetrics(List<String> classes) {
        this.classes = List.copyOf(classes);
        this.confusion = new long[classes.size()][classes.size()];
    }

    /** Counts one held-out item. */
    public void add(String truth, String predicted) {
        int t = classes.indexOf(truth);
        int p = classes.indexOf(predicted);
        if (t < 0 || p < 0) {
            throw new IllegalStateException("unknown class " + (t < 0 ? truth : predicted));
        }
        confusion[t][p]++;
        total++;
        if (t == p) {
            correct++;
        }
    }

    private long support(int c) {
        long sum = 0;
        for (long count : confusion[c]) {
            sum += count;
        }
        return sum;
    }

    private long predictedAs(int c) {
        long sum = 0;
        for (long[] row : confusion) {
            sum += row[c];
        }
        return sum;
    }

    private double precision(int c) {
        long predicted = predictedAs(c);
        return predicted == 0 ? 0 : (double) confusion[c][c] / predicted;
    }

    private double recall(int c) {
        long support = support(c);
        return support == 0 ? 0 : (double) confusion[c][c] / support;
    }

    private double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Headline metrics first, then precision.<label>, recall.<label>, f1.<label> per class. */
    public Map<String, Double> metrics() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        double precision = 0;
        double recall = 0;
        double f1 = 0;
        int present = 0;
        for (int c = 0; c < classes.size(); c++) {
            if (support(c) > 0 || predictedAs(c) > 0) {
                precision += precision(c);
                recall += recall(c);
                f1 += f1(c);
                present++;
            }
        }
        metrics.put("accuracy", total == 0 ? 0 : (double) correct / total);
        metrics.put("macro_f1", present == 0 ? 0 : f1 / present);
        metrics.put("macro_precision", present == 0 ? 0 : precision / present);
        metrics.put("macro_recall", present == 0 ? 0 : recall / present);
        for (int c = 0; c < classes.size(); c++) {
            metrics.put("precision." + classes.get(c), precision(c));
            metrics.put("recall." + classes.get(c), recall(c));
            metrics.put("f1." + classes.get(c), f1(c));
        }
        return metrics;
    }

    /**
     * {@code {"confusion": {"labels": [...], "matrix": [[...]]}, "classes": {label: {precision, recall, f1,
     * support}}}} as maps and lists (insertion-ordered) that any JSON writer turns into {@link TrainedModel#reportJson()}.
     */
    public Map<String, Object> report() {
        Map<String, Object> report = new LinkedHashMap<>();
        List<List<Long>> matrix = new java.util.ArrayList<>();
        for (long[] row : confusion) {
            matrix.add(java.util.Arrays.stream(row).boxed().toList());
        }
        report.put("confusion", Map.of("labels", classes, "matrix", matrix));
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("precision", precision(c));
            node.put("recall", recall(c));
            node.put("f1", f1(c));
            node.put("support", support(c));
            perClass.put(classes.get(c), node);
        }
        report.put("classes", perClass);
        return report;
    }
}
