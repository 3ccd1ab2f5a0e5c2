package io.modelfleet.plugin.runtime.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.model.TensorSpec;
import io.modelfleet.api.spi.runtime.Prediction;

/** The post-processing rules on hand-made outputs, for shapes the test models do not produce. */
class InterpretationTest {
    private static final TensorSpec PROBABILITIES = new TensorSpec("p", "float", List.of(3L));

    @Test
    void aRankOneProbabilityVectorIsOneRow() {
        Prediction prediction = Interpretation.of(Map.of("labels", "a,b,c"), List.of(PROBABILITIES))
                .predict(Map.of("p", List.of(0.2f, 0.5f, 0.3f)), 1.0);
        assertEquals("b", prediction.label());
        assertEquals(0.5f, prediction.score(), 1e-7);
        assertEquals(1.0, prediction.latencyMs());
    }

    @Test
    void labelsBeyondTheMetadataListAreIndices() {
        Prediction prediction = Interpretation.of(Map.of("labels", "a"), List.of(PROBABILITIES))
                .predict(Map.of("p", List.of(0.2f, 0.1f, 0.7f)), 1.0);
        assertEquals("2", prediction.label());
        assertEquals(Map.of("a", 0.2f, "1", 0.1f, "2", 0.7f).keySet(), prediction.probabilities().keySet());
    }

    @Test
    void aLabelOutputWithAPositiveClassProbabilityKeepsBoth() {
        List<TensorSpec> outputs = List.of(new TensorSpec("label", "int64", List.of(-1L)),
                new TensorSpec("positive", "float", List.of(-1L, 1L)));
        Prediction prediction = Interpretation.of(Map.of("labels", "ok,defect"), outputs)
                .predict(Map.of("label", List.of(1L), "positive", List.of(List.of(0.93f))), 1.0);
        assertEquals("defect", prediction.label());
        assertEquals(0.93f, prediction.score(), 1e-7);
    }

    @Test
    void aRegressorGetsAScoreAndNoLabel() {
        Prediction prediction = Interpretation.of(Map.of(), List.of(new TensorSpec("y", "double", List.of(1L, 1L))))
                .predict(Map.of("y", List.of(List.of(41.5))), 1.0);
        assertNull(prediction.label());
        assertEquals(41.5, prediction.score());
    }

    @Test
    void anAnomalyModelWithoutASingleValueGetsNoVerdict() {
        Prediction prediction = Interpretation.of(Map.of("task", "ANOMALY"), List.of(PROBABILITIES))
                .predict(Map.of("p", List.of(0.2f, 0.5f, 0.3f)), 1.0);
        assertNull(prediction.label());
        assertNull(prediction.score());
        assertEquals(List.of(0.2f, 0.5f, 0.3f), prediction.outputs().get("p"));
    }

    @Test
    void aNonNumericThresholdIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Interpretation.of(Map.of("threshold", "NaN"), List.of(PROBABILITIES)));
    }
}
