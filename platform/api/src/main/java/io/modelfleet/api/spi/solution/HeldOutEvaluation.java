package io.modelfleet.api.spi.solution;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

import io.modelfleet.api.spi.solution.TrainedModel.HeldOutPrediction;

/**
 * A trained classifier's evaluation on the {@link HeldOutSplit#test() held-out items} of a {@link HeldOutSplit}: its
 * answer for each item, as the {@link TrainedModel#heldOut() held-out predictions} the edge must reproduce, and the
 * {@link ClassificationMetrics} they score. Every classification solution evaluates this way, so their metrics and
 * predictions files mean the same.
 */
public final class HeldOutEvaluation {
    private final ClassificationMetrics scores;
    private final Map<String, Double> metrics;
    private final List<HeldOutPrediction> heldOut;

    /** What the model answered for one item: the class it predicted and that class's score. */
    public record Answer(String predicted, double score) {
    }

    private HeldOutEvaluation(ClassificationMetrics scores, List<HeldOutPrediction> heldOut) {
        this.scores = scores;
        this.metrics = Collections.unmodifiableMap(new LinkedHashMap<>(scores.metrics()));
        this.heldOut = List.copyOf(heldOut);
    }

    /**
     * Asks the model about each held-out item, in the split's order.
     *
     * @param classes the model's classes, in output index order
     * @param split the split the model was trained on
     * @param labels every item's true label, indexed as the split is
     * @param values the values an item's row in {@link TrainedModel#heldOut()} shows (its feature cells, or its file's
     *        key), by the split's index
     * @param model the trained model's answer for an item, by the split's index
     * @throws IllegalStateException when the model answers a class it does not list
     */
    public static HeldOutEvaluation evaluate(List<String> classes, HeldOutSplit split, List<String> labels,
            IntFunction<List<String>> values, IntFunction<Answer> model) {
        ClassificationMetrics scores = new ClassificationMetrics(classes);
        List<HeldOutPrediction> heldOut = new ArrayList<>(split.test().size());
        for (int item : split.test()) {
            Answer answer = model.apply(item);
            String truth = labels.get(item);
            scores.add(truth, answer.predicted());
            heldOut.add(new HeldOutPrediction(values.apply(item), truth, answer.predicted(), answer.score()));
        }
        return new HeldOutEvaluation(scores, heldOut);
    }

    /** {@link ClassificationMetrics#metrics()}: headline metrics first, then per class. */
    public Map<String, Double> metrics() {
        return metrics;
    }

    /** The model's answers, one per held-out item in the split's order. */
    public List<HeldOutPrediction> heldOut() {
        return heldOut;
    }

    /** {@link ClassificationMetrics#report()}, a new map each time, for the solution to add its own entries to. */
    public Map<String, Object> report() {
        return scores.report();
    }

    /** The headline for a training log: {@code accuracy 0.9500, macro F1 0.9412}. */
    public String summary() {
        return String.format(Locale.ROOT, "accuracy %.4f, macro F1 %.4f", metrics.get("accuracy"),
                metrics.get("macro_f1"));
    }
}
