package io.modelfleet.api.spi.solution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.spi.solution.HeldOutEvaluation.Answer;
import io.modelfleet.api.spi.solution.TrainedModel.HeldOutPrediction;

class HeldOutEvaluationTest {
    private static final List<String> LABELS = List.of("a", "b", "a", "b", "a", "b");
    /** Items 1, 3 and 5 held out, as the split's indexes into the dataset. */
    private static final HeldOutSplit SPLIT = new HeldOutSplit(List.of(0, 2, 4), List.of(1, 3, 5));

    @Test
    void asksTheModelAboutEachHeldOutItemInOrderAndScoresItsAnswers() {
        List<Integer> asked = new ArrayList<>();
        HeldOutEvaluation evaluation = HeldOutEvaluation.evaluate(List.of("a", "b"), SPLIT, LABELS,
                item -> List.of("row " + item), item -> {
                    asked.add(item);
                    return new Answer(item == 3 ? "a" : "b", item / 10.0);
                });

        assertEquals(List.of(1, 3, 5), asked);
        assertEquals(List.of(new HeldOutPrediction(List.of("row 1"), "b", "b", 0.1),
                new HeldOutPrediction(List.of("row 3"), "b", "a", 0.3),
                new HeldOutPrediction(List.of("row 5"), "b", "b", 0.5)), evaluation.heldOut());
        assertEquals(2.0 / 3, evaluation.metrics().get("accuracy"), 1e-12);
        assertEquals("accuracy 0.6667, macro F1 0.4000", evaluation.summary());
    }

    @Test
    void metricsAndReportAreClassificationMetricsOfTheSameAnswers() {
        HeldOutEvaluation evaluation = HeldOutEvaluation.evaluate(List.of("a", "b"), SPLIT, LABELS,
                item -> List.of(), item -> new Answer(item == 5 ? "a" : "b", 1));
        ClassificationMetrics expected = new ClassificationMetrics(List.of("a", "b"));
        expected.add("b", "b");
        expected.add("b", "b");
        expected.add("b", "a");

        assertEquals(expected.metrics(), evaluation.metrics());
        assertEquals(List.copyOf(expected.metrics().keySet()), List.copyOf(evaluation.metrics().keySet()),
                "headline metrics first, as ClassificationMetrics orders them");
        assertEquals(expected.report(), evaluation.report());
        Map<String, Object> report = evaluation.report();
        report.put("trainRows", 3);
        assertEquals(expected.report(), evaluation.report(), "a solution adds to its own copy of the report");
    }

    @Test
    void anAnswerOutsideTheModelsClassesIsAnError() {
        assertThrows(IllegalStateException.class, () -> HeldOutEvaluation.evaluate(List.of("a", "b"), SPLIT, LABELS,
                item -> List.of(), item -> new Answer("c", 1)));
    }

    @Test
    void theResultCannotBeChanged() {
        HeldOutEvaluation evaluation = HeldOutEvaluation.evaluate(List.of("a", "b"), SPLIT, LABELS,
                item -> List.of(), item -> new Answer("b", 1));
        assertThrows(UnsupportedOperationException.class, () -> evaluation.metrics().put("accuracy", 0.0));
        assertThrows(UnsupportedOperationException.class, () -> evaluation.heldOut().clear());
    }
}
