package io.modelfleet.plugin.solution.tabular.classification.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Classification metrics on the held-out split. Per-class precision, recall and F1 are reported for every class the
 * model knows (0 where undefined); the macro averages are over the classes that occur in the held-out split's true or
 * predicted labels, as scikit-learn does.
 */
final class Evaluation {
    static final List<String> HEADLINE = List.of("accuracy", "macro_f1", "macro_precision", "macro_recall");

    private final List<String> classes;
    private final long[][] confusion;
    private int total;
    private int correct;

    /** @param classes the model's classes, in output index order */
    Evaluation(List<String> classes) {
        this.classes = List.copyOf(classes);
        this.confusion = new long[classes.size()][classes.size()];
    }

    void add(String truth, String predicted) {
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
    Map<String, Double> metrics() {
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

    /** {@code {"confusion": {"labels", "matrix"}, "classes": {label: {precision, recall, f1, support}}}} */
    ObjectNode report(ObjectMapper json) {
        ObjectNode report = json.createObjectNode();
        ObjectNode confusionNode = report.putObject("confusion");
        ArrayNode labels = confusionNode.putArray("labels");
        classes.forEach(labels::add);
        ArrayNode matrix = confusionNode.putArray("matrix");
        for (long[] row : confusion) {
            ArrayNode counts = matrix.addArray();
            for (long count : row) {
                counts.add(count);
            }
        }
        ObjectNode perClass = report.putObject("classes");
        for (int c = 0; c < classes.size(); c++) {
            ObjectNode node = perClass.putObject(classes.get(c));
            node.put("precision", precision(c));
            node.put("recall", recall(c));
            node.put("f1", f1(c));
            node.put("support", support(c));
        }
        return report;
    }
}
