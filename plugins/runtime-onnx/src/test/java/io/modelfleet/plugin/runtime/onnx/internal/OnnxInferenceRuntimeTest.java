package io.modelfleet.plugin.runtime.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.onnxruntime.OrtException;
import io.modelfleet.api.spi.runtime.LoadedModel;
import io.modelfleet.api.spi.runtime.Prediction;
import io.modelfleet.itests.onnx.OnnxModels;

class OnnxInferenceRuntimeTest {
    /** logits = [x0, x1, 1]: easy to take the softmax of by hand. */
    private static final float[][] WEIGHTS = {{1f, 0f, 0f}, {0f, 1f, 0f}};
    private static final float[] BIAS = {0f, 0f, 1f};
    private static final Map<String, String> ANIMALS = Map.of("labels", "cat, dog,bird");

    private final OnnxInferenceRuntime runtime = new OnnxInferenceRuntime();
    private final List<LoadedModel> loaded = new ArrayList<>();
    @TempDir
    Path temp;

    @AfterEach
    void closeModels() {
        loaded.forEach(LoadedModel::close);
    }

    @Test
    void describesItselfWithTheVersionOrtReports() {
        assertEquals("onnx", runtime.format());
        assertEquals("onnxruntime-1.23.2", runtime.runtimeVersion());
    }

    @Test
    void classifierPredictsTheArgMaxLabelWithItsProbability() throws Exception {
        LoadedModel model = load(OnnxModels.linearClassifier(WEIGHTS, BIAS), ANIMALS);
        Prediction prediction = model.predict(Map.of("features", List.of(List.of(2.0, 1.0))));

        // logits [2, 1, 1]: softmax = [e²/(e²+2e), e/(e²+2e), e/(e²+2e)] = [e/(e+2), 1/(e+2), 1/(e+2)]
        double e = Math.E;
        assertEquals("cat", prediction.label());
        assertEquals(e / (e + 2), prediction.score(), 1e-6);
        assertEquals(Map.of("cat", e / (e + 2), "dog", 1 / (e + 2), "bird", 1 / (e + 2)).keySet(),
                prediction.probabilities().keySet());
        assertEquals(1 / (e + 2), prediction.probabilities().get("bird"), 1e-6);
        List<?> rows = (List<?>) prediction.outputs().get("probabilities");
        assertEquals(1, rows.size());
        assertEquals(e / (e + 2), ((Number) ((List<?>) rows.get(0)).get(0)).doubleValue(), 1e-6);
        assertTrue(prediction.latencyMs() > 0);
    }

    @Test
    void acceptsOneRowWithoutTheBatchDimensionIntegersAndTheUnnamedKey() throws Exception {
        LoadedModel model = load(OnnxModels.linearClassifier(WEIGHTS, BIAS), ANIMALS);
        // logits [0, 3, 1]: dog wins with e³/(1+e³+e)
        double e = Math.E;
        double dog = Math.pow(e, 3) / (1 + Math.pow(e, 3) + e);
        for (Map<String, Object> inputs : List.<Map<String, Object>>of(Map.of("features", List.of(0, 3)),
                Map.of("", List.of(List.of(0L, 3L))), Map.of("features", List.of(0.0f, 3.0f)))) {
            Prediction prediction = model.predict(inputs);
            assertEquals("dog", prediction.label(), inputs.toString());
            assertEquals(dog, prediction.score(), 1e-6, inputs.toString());
        }
    }

    @Test
    void withoutLabelsTheClassIsItsIndex() throws Exception {
        LoadedModel model = load(OnnxModels.linearClassifier(WEIGHTS, BIAS), Map.of());
        Prediction prediction = model.predict(Map.of("features", List.of(-5, -5)));
        assertEquals("2", prediction.label());
        assertEquals(List.of("0", "1", "2"), prediction.probabilities().keySet().stream().sorted().toList());
    }

    @Test
    void aBatchGivesEveryRowsOutputsButNoSingleLabel() throws Exception {
        LoadedModel model = load(OnnxModels.linearClassifier(WEIGHTS, BIAS), ANIMALS);
        Prediction prediction = model.predict(Map.of("features", List.of(List.of(2, 1), List.of(0, 3), List.of(0, 0))));
        assertNull(prediction.label());
        assertNull(prediction.score());
        List<?> rows = (List<?>) prediction.outputs().get("probabilities");
        assertEquals(3, rows.size());
        float[] expected = OnnxModels.expectedProbabilities(WEIGHTS, BIAS, new float[] {0, 3});
        assertEquals(expected[1], ((Number) ((List<?>) rows.get(1)).get(1)).floatValue(), 1e-6f);
    }

    @Test
    void int64LabelAndZipMapOutputsAreUsedTogether() throws Exception {
        // sklearn-style: class labels 0..2 are indices into the labels metadata
        LoadedModel model = load(OnnxModels.labelledClassifier(WEIGHTS, BIAS, new long[] {0, 1, 2}), ANIMALS);
        Prediction prediction = model.predict(Map.of("features", List.of(List.of(0, 3))));
        double e = Math.E;
        assertEquals("dog", prediction.label());
        assertEquals(Math.pow(e, 3) / (1 + Math.pow(e, 3) + e), prediction.score(), 1e-6);
        assertEquals(1 / (1 + Math.pow(e, 3) + e), prediction.probabilities().get("cat"), 1e-6);
        assertEquals(List.of(1L), prediction.outputs().get("label"));
        Map<?, ?> zipMap = (Map<?, ?>) ((List<?>) prediction.outputs().get("probabilities")).get(0);
        assertEquals(List.of("0", "1", "2"), List.copyOf(zipMap.keySet()));
    }

    @Test
    void classLabelsThatAreNotIndicesStayAsTheyAre() throws Exception {
        LoadedModel model = load(OnnxModels.labelledClassifier(WEIGHTS, BIAS, new long[] {10, 20, 30}), ANIMALS);
        Prediction prediction = model.predict(Map.of("features", List.of(5, 0)));
        assertEquals("10", prediction.label());
        assertEquals(prediction.probabilities().get("10"), prediction.score());
    }

    @Test
    void stringLabelOutputAndStringZipMap() throws Exception {
        LoadedModel model = load(OnnxModels.labelledClassifier(WEIGHTS, BIAS, new String[] {"low", "mid", "high"}),
                Map.of());
        Prediction prediction = model.predict(Map.of("features", List.of(-4, -4)));
        // logits [-4, -4, 1]: high with 1/(1+2e⁻⁵)
        assertEquals("high", prediction.label());
        assertEquals(1 / (1 + 2 * Math.exp(-5)), prediction.score(), 1e-6);
        assertEquals(List.of("high"), prediction.outputs().get("label"));
    }

    @Test
    void anomalyScoreIsComparedWithTheThreshold() throws Exception {
        float[] weights = {1f, 2f};
        LoadedModel model = load(OnnxModels.anomalyScorer(weights, -1f), Map.of("task", "anomaly", "threshold", "0.7"));
        // sigmoid(1 + 2 - 1) = sigmoid(2) = 0.8808
        Prediction high = model.predict(Map.of("features", List.of(1, 1)));
        assertEquals("anomaly", high.label());
        assertEquals(1 / (1 + Math.exp(-2)), high.score(), 1e-6);
        assertTrue(high.probabilities().isEmpty());
        // sigmoid(0.5 + 0 - 1) = 0.3775
        Prediction low = model.predict(Map.of("features", List.of(List.of(0.5, 0))));
        assertEquals("normal", low.label());
        assertEquals(1 / (1 + Math.exp(0.5)), low.score(), 1e-6);
        assertEquals(List.of(List.of((float) low.score().doubleValue())), low.outputs().get("score"));
    }

    @Test
    void anomalyThresholdDefaultsToOneHalf() throws Exception {
        LoadedModel model = load(OnnxModels.anomalyScorer(new float[] {1f}, 0f), Map.of("task", "anomaly"));
        assertEquals("normal", model.predict(Map.of("features", List.of(-0.1))).label());
        assertEquals("anomaly", model.predict(Map.of("features", List.of(0.1))).label());
    }

    @Test
    void unusableMetadataFailsTheLoad() throws Exception {
        Path file = write(OnnxModels.anomalyScorer(2));
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> runtime.load(file, Map.of("task", "anomaly", "threshold", "high")));
        assertTrue(failure.getMessage().contains("threshold"), failure.getMessage());
    }

    @Test
    void badInputsNameTheInputAndItsExpectedShape() throws Exception {
        LoadedModel model = load(OnnxModels.linearClassifier(WEIGHTS, BIAS), ANIMALS);
        List<Map<String, Object>> bad = List.of(
                Map.of("other", List.of(1, 2)),
                Map.of("features", List.of(1, 2, 3)),
                Map.of("features", List.of(List.of(1, 2), List.of(3))),
                Map.of("features", List.of(List.of(List.of(1, 2)))),
                Map.of("features", List.of(1, "two")),
                Map.of("features", List.of(1, true)),
                Map.of("features", 1.5),
                Map.of());
        for (Map<String, Object> inputs : bad) {
            IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                    () -> model.predict(inputs), inputs.toString());
            assertTrue(failure.getMessage().contains("features") && failure.getMessage().contains("float [-1, 2]"),
                    failure.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> model.predict(Map.of("features", List.of(1, 2, 3))))
                .getMessage().contains("got a value of shape [3]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> model.predict(Map.of("features", List.of(1, "two"))))
                .getMessage().contains("element [0, 1] is \"two\", not a number"));
    }

    @Test
    void sampleInputIsZerosOfOneRowAndRuns() throws Exception {
        LoadedModel model = load(OnnxModels.linearClassifier(WEIGHTS, BIAS), ANIMALS);
        assertEquals(Map.of("features", List.of(List.of(0.0, 0.0))), model.sampleInput());
        // logits [0, 0, 1]
        assertEquals("bird", model.predict(model.sampleInput()).label());
    }

    @Test
    void signatureIsTheModels() throws Exception {
        LoadedModel model = load(OnnxModels.linearClassifier(WEIGHTS, BIAS), ANIMALS);
        assertEquals("features", model.signature().inputs().get(0).name());
        assertEquals(List.of(-1L, 3L), model.signature().outputs().get(0).shape());
    }

    @Test
    void aModelThatFailsAtRunTimeLoadsButThrowsFromPredict() throws Exception {
        LoadedModel model = load(OnnxModels.failsAtRunTime(3), Map.of());
        OrtException failure = assertThrows(OrtException.class, () -> model.predict(model.sampleInput()));
        assertTrue(failure.getMessage().contains("Gather"), failure.getMessage());
        // the model's fault, not the caller's: the agent must count it against the model
        assertFalse(IllegalArgumentException.class.isInstance(failure));
    }

    @Test
    void aFileThatIsNoModelFailsTheLoad() throws Exception {
        Path garbage = Files.write(temp.resolve("garbage.onnx"), "not a model".getBytes());
        assertThrows(OrtException.class, () -> runtime.load(garbage, Map.of()));
    }

    @Test
    void concurrentPredictionsGiveTheSameAnswersAsSequentialOnes() throws Exception {
        float[][] weights = OnnxModels.randomWeights(8, 4, 42);
        float[] bias = {0.1f, 0.2f, -0.3f, 0f};
        LoadedModel model = load(OnnxModels.linearClassifier(weights, bias), Map.of("labels", "a,b,c,d"));
        List<List<Double>> rows = new ArrayList<>();
        for (int r = 0; r < 16; r++) {
            List<Double> row = new ArrayList<>();
            for (int f = 0; f < 8; f++) {
                row.add(Math.sin(r * 8 + f) * 3);
            }
            rows.add(row);
        }
        List<Prediction> sequential = new ArrayList<>();
        for (List<Double> row : rows) {
            sequential.add(model.predict(Map.of("features", row)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Prediction>> futures = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                List<Double> row = rows.get(i % rows.size());
                futures.add(pool.submit(() -> model.predict(Map.of("features", row))));
            }
            for (int i = 0; i < futures.size(); i++) {
                Prediction expected = sequential.get(i % rows.size());
                Prediction actual = futures.get(i).get();
                assertEquals(expected.label(), actual.label());
                assertEquals(expected.score(), actual.score());
                assertEquals(expected.probabilities(), actual.probabilities());
            }
        } finally {
            pool.shutdownNow();
        }
        // and the answers are the model's, not just consistent
        float[] x = new float[8];
        for (int f = 0; f < 8; f++) {
            x[f] = rows.get(5).get(f).floatValue();
        }
        float[] expected = OnnxModels.expectedProbabilities(weights, bias, x);
        assertEquals(expected[0], sequential.get(5).probabilities().get("a"), 1e-5);
    }

    @Test
    void closedModelRefusesToPredictAndClosesOnce() throws Exception {
        LoadedModel model = runtime.load(write(OnnxModels.linearClassifier(WEIGHTS, BIAS)), Map.of());
        model.close();
        model.close();
        assertThrows(IllegalStateException.class, () -> model.predict(Map.of("features", List.of(1, 2))));
    }

    @Test
    void integerTypesTakeIntegralNumbersInRange() throws Exception {
        LoadedModel int64 = load(OnnxModels.identity("int64", -1, 2), Map.of());
        assertEquals(List.of(List.of(3L, -9007199254740993L)),
                int64.predict(Map.of("input", List.of(3.0, -9007199254740993L))).outputs().get("output"));
        assertThrows(IllegalArgumentException.class, () -> int64.predict(Map.of("input", List.of(2.5, 1))));

        LoadedModel uint8 = load(OnnxModels.identity("uint8", 3), Map.of());
        assertEquals(List.of(0, 200, 255), uint8.predict(Map.of("input", List.of(0, 200, 255))).outputs().get("output"));
        IllegalArgumentException outOfRange = assertThrows(IllegalArgumentException.class,
                () -> uint8.predict(Map.of("input", List.of(0, 256, 1))));
        assertTrue(outOfRange.getMessage().contains("element [1] is 256, not an integer in [0, 255]"),
                outOfRange.getMessage());

        LoadedModel int32 = load(OnnxModels.identity("int32", 1), Map.of());
        assertThrows(IllegalArgumentException.class, () -> int32.predict(Map.of("input", List.of(1L << 40))));
    }

    @Test
    void stringBooleanScalarAndHalfPrecisionInputs() throws Exception {
        LoadedModel strings = load(OnnxModels.identity("string", -1), Map.of());
        assertEquals(List.of("a", "ü"), strings.predict(Map.of("input", List.of("a", "ü"))).outputs().get("output"));
        assertThrows(IllegalArgumentException.class, () -> strings.predict(Map.of("input", List.of("a", 1))));
        assertEquals(Map.of("input", List.of("")), strings.sampleInput());

        LoadedModel booleans = load(OnnxModels.identity("bool", 3), Map.of());
        assertEquals(List.of(true, false, true),
                booleans.predict(Map.of("input", List.of(true, false, 1))).outputs().get("output"));

        LoadedModel scalar = load(OnnxModels.identity("double"), Map.of());
        Prediction single = scalar.predict(Map.of("input", 2.5));
        assertEquals(2.5, single.outputs().get("output"));
        assertEquals(2.5, single.score()); // a lone float value is the score
        assertEquals(Map.of("input", 0.0), scalar.sampleInput());

        LoadedModel half = load(OnnxModels.identity("float16", 2), Map.of());
        assertEquals(List.of(1.5f, -0.25f), half.predict(Map.of("input", List.of(1.5, -0.25))).outputs().get("output"));
    }

    @Test
    void inputsOfTypesJavaCannotCreateFailTheLoad() throws Exception {
        Path file = write(OnnxModels.identity("uint32", 2));
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> runtime.load(file, Map.of()));
        assertTrue(failure.getMessage().contains("uint32"), failure.getMessage());
    }

    @Test
    void namedColumnsBecomeOneRowInTheOrderTheMetadataGives() throws Exception {
        // columns are listed in the order the tensor takes them, whatever order the caller's map has
        Map<String, String> metadata = Map.of("labels", "cat,dog,bird", "input", "features", "columns", "b, a");
        LoadedModel model = load(OnnxModels.linearClassifier(WEIGHTS, BIAS), metadata);
        Map<String, Object> named = new java.util.LinkedHashMap<>();
        named.put("a", 3);
        named.put("b", 0.0);
        Prediction byName = model.predict(named);
        Prediction byTensor = model.predict(Map.of("features", List.of(List.of(0.0, 3.0))));
        double e = Math.E;
        assertEquals("dog", byName.label());
        assertEquals(Math.pow(e, 3) / (1 + Math.pow(e, 3) + e), byName.score(), 1e-6);
        assertEquals(byTensor.probabilities(), byName.probabilities());
        // the input's own name, and the unnamed key, still take a tensor
        assertEquals("dog", model.predict(Map.of("", List.of(0, 3))).label());

        // without "input" the only input takes the columns
        LoadedModel onlyInput = load(OnnxModels.linearClassifier(WEIGHTS, BIAS), Map.of("columns", "x0,x1"));
        assertEquals("2", onlyInput.predict(Map.of("x0", -5, "x1", -5)).label());
    }

    @Test
    void aMissingUnknownOrNonNumericColumnIsNamed() throws Exception {
        LoadedModel model = load(OnnxModels.linearClassifier(WEIGHTS, BIAS),
                Map.of("input", "features", "columns", "width,height"));
        Map<String, Object> withNull = new java.util.HashMap<>();
        withNull.put("width", 1);
        withNull.put("height", null);
        Map<Map<String, Object>, String> bad = Map.of(
                Map.of("width", 1), "missing column 'height'",
                withNull, "column 'height' is null",
                Map.of("width", 1, "height", "2"), "column 'height' must be a finite number, not \"2\"",
                Map.of("width", true, "height", 2), "column 'width' must be a finite number, not true",
                Map.of("width", Double.NaN, "height", 2), "column 'width' must be a finite number, not NaN",
                Map.of("width", 1, "height", 2, "depth", 3), "unknown column 'depth'");
        for (Map.Entry<Map<String, Object>, String> inputs : bad.entrySet()) {
            IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                    () -> model.predict(inputs.getKey()), inputs.toString());
            assertTrue(failure.getMessage().contains(inputs.getValue()), failure.getMessage());
        }
    }

    @Test
    void columnsThatDoNotFitTheInputFailTheLoad() throws Exception {
        Path file = write(OnnxModels.linearClassifier(WEIGHTS, BIAS));
        for (Map<String, String> metadata : List.of(Map.of("columns", "a,b,c"),
                Map.of("columns", "a,b", "input", "pixels"), Map.of("columns", "a,a"), Map.of("columns", "a,,b"))) {
            IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                    () -> runtime.load(file, metadata), metadata.toString());
            assertTrue(failure.getMessage().contains("metadata"), failure.getMessage());
        }
    }

    private LoadedModel load(byte[] model, Map<String, String> metadata) throws Exception {
        LoadedModel loadedModel = runtime.load(write(model), metadata);
        loaded.add(loadedModel);
        return loadedModel;
    }

    private Path write(byte[] model) throws Exception {
        return Files.write(Files.createTempFile(temp, "model", ".onnx"), model);
    }
}
