package io.modelfleet.itests.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;

/** Loads every model with ONNX Runtime and checks it computes what its Java twin says. */
class OnnxModelsTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static final float[][] WEIGHTS = {{1f, -1f, 0.5f}, {0f, 2f, -0.5f}, {-1f, 0.25f, 1f}, {0.5f, 0.5f, 0f}};
    private static final float[] BIAS = {0.1f, -0.2f, 0.3f};
    private static final float[][] ROWS = {{1f, 2f, 3f, 4f}, {0f, 0f, 0f, 0f}, {-1f, 0.5f, 2f, -3f}};

    @Test
    void expectedProbabilitiesIsTheSoftmaxOfTheLogits() {
        // logits [1, 0]: softmax = [e/(e+1), 1/(e+1)]
        float[] probabilities = OnnxModels.expectedProbabilities(new float[][] {{1f, 0f}, {0f, 1f}}, new float[2],
                new float[] {1f, 0f});
        assertArrayEquals(new float[] {0.7310586f, 0.26894143f}, probabilities, 1e-6f);
    }

    @Test
    void linearClassifierMatchesItsJavaTwinForABatch() throws OrtException {
        try (OrtSession session = ENV.createSession(OnnxModels.linearClassifier(WEIGHTS, BIAS));
                OnnxTensor input = OnnxTensor.createTensor(ENV, ROWS);
                OrtSession.Result result = session.run(Map.of(OnnxModels.FEATURES, input))) {
            assertTensor(session.getInputInfo().get(OnnxModels.FEATURES), OnnxJavaType.FLOAT, -1, 4);
            assertTensor(session.getOutputInfo().get(OnnxModels.PROBABILITIES), OnnxJavaType.FLOAT, -1, 3);
            float[][] probabilities = (float[][]) result.get(OnnxModels.PROBABILITIES).orElseThrow().getValue();
            assertEquals(ROWS.length, probabilities.length);
            for (int i = 0; i < ROWS.length; i++) {
                assertArrayEquals(OnnxModels.expectedProbabilities(WEIGHTS, BIAS, ROWS[i]), probabilities[i], 1e-6f);
            }
        }
    }

    @Test
    void labelledClassifierAnswersTheArgMaxLabelAndAZipMap() throws OrtException {
        long[] classes = {10, 20, 30};
        try (OrtSession session = ENV.createSession(OnnxModels.labelledClassifier(WEIGHTS, BIAS, classes));
                OnnxTensor input = OnnxTensor.createTensor(ENV, ROWS);
                OrtSession.Result result = session.run(Map.of(OnnxModels.FEATURES, input))) {
            assertTensor(session.getOutputInfo().get(OnnxModels.LABEL), OnnxJavaType.INT64, -1);
            MapInfo map = ((SequenceInfo) session.getOutputInfo().get(OnnxModels.PROBABILITIES).getInfo()).mapInfo;
            assertEquals(OnnxJavaType.INT64, map.keyType);
            assertEquals(OnnxJavaType.FLOAT, map.valueType);

            long[] labels = (long[]) result.get(OnnxModels.LABEL).orElseThrow().getValue();
            List<Map<?, ?>> maps = maps((OnnxSequence) result.get(OnnxModels.PROBABILITIES).orElseThrow());
            for (int i = 0; i < ROWS.length; i++) {
                float[] expected = OnnxModels.expectedProbabilities(WEIGHTS, BIAS, ROWS[i]);
                assertEquals(classes[argMax(expected)], labels[i]);
                for (int k = 0; k < classes.length; k++) {
                    assertEquals(expected[k], (Float) maps.get(i).get(classes[k]), 1e-6f);
                }
            }
        }
    }

    @Test
    void labelledClassifierWithStringLabels() throws OrtException {
        String[] classes = {"cat", "dog", "bird"};
        try (OrtSession session = ENV.createSession(OnnxModels.labelledClassifier(WEIGHTS, BIAS, classes));
                OnnxTensor input = OnnxTensor.createTensor(ENV, ROWS);
                OrtSession.Result result = session.run(Map.of(OnnxModels.FEATURES, input))) {
            String[] labels = (String[]) result.get(OnnxModels.LABEL).orElseThrow().getValue();
            List<Map<?, ?>> maps = maps((OnnxSequence) result.get(OnnxModels.PROBABILITIES).orElseThrow());
            for (int i = 0; i < ROWS.length; i++) {
                float[] expected = OnnxModels.expectedProbabilities(WEIGHTS, BIAS, ROWS[i]);
                assertEquals(classes[argMax(expected)], labels[i]);
                assertEquals(expected[2], (Float) maps.get(i).get("bird"), 1e-6f);
            }
        }
    }

    @Test
    void failsAtRunTimeLoadsButNeverRuns() throws OrtException {
        try (OrtSession session = ENV.createSession(OnnxModels.failsAtRunTime(4))) {
            assertTensor(session.getInputInfo().get(OnnxModels.FEATURES), OnnxJavaType.FLOAT, -1, 4);
            // batch 5 gives 20 elements: would fit a reshape to [-1, 5], not this gather
            for (int batch : new int[] {1, 2, 5}) {
                try (OnnxTensor input = OnnxTensor.createTensor(ENV, new float[batch][4])) {
                    OrtException failure = assertThrows(OrtException.class,
                            () -> session.run(Map.of(OnnxModels.FEATURES, input)).close());
                    assertTrue(failure.getMessage().contains("out of data bounds"), failure.getMessage());
                }
            }
        }
    }

    @Test
    void failsAboveAnswersLikeTheLinearOneUntilAnInputExceedsItsThreshold() throws OrtException {
        float[][] ordinary = { { 0.1f, 0.2f, 0.3f, 0.4f }, { -3f, 0f, 1.9f, 2f } };
        try (OrtSession session = ENV.createSession(OnnxModels.failsAbove(WEIGHTS, BIAS, 2f))) {
            try (OnnxTensor input = OnnxTensor.createTensor(ENV, ordinary);
                    OrtSession.Result result = session.run(Map.of(OnnxModels.FEATURES, input))) {
                float[][] probabilities = (float[][]) result.get(OnnxModels.PROBABILITIES).orElseThrow().getValue();
                for (int i = 0; i < ordinary.length; i++) {
                    assertArrayEquals(OnnxModels.expectedProbabilities(WEIGHTS, BIAS, ordinary[i]), probabilities[i],
                            1e-6f);
                }
            }
            try (OnnxTensor poisoned = OnnxTensor.createTensor(ENV, new float[][] { { 0.1f, 2.5f, 0f, 0f } })) {
                OrtException failure = assertThrows(OrtException.class,
                        () -> session.run(Map.of(OnnxModels.FEATURES, poisoned)).close());
                assertTrue(failure.getMessage().contains("out of data bounds"), failure.getMessage());
            }
        }
    }

    @Test
    void slowClassifierAnswersLikeTheLinearOneButTakesLonger() throws OrtException {
        try (OrtSession fast = ENV.createSession(OnnxModels.slowClassifier(WEIGHTS, BIAS, 0));
                OrtSession slow = ENV.createSession(OnnxModels.slowClassifier(WEIGHTS, BIAS, 60));
                OnnxTensor input = OnnxTensor.createTensor(ENV, ROWS)) {
            assertTensor(slow.getOutputInfo().get(OnnxModels.PROBABILITIES), OnnxJavaType.FLOAT, -1, 3);
            try (OrtSession.Result result = slow.run(Map.of(OnnxModels.FEATURES, input))) {
                float[][] probabilities = (float[][]) result.get(OnnxModels.PROBABILITIES).orElseThrow().getValue();
                for (int i = 0; i < ROWS.length; i++) {
                    assertArrayEquals(OnnxModels.expectedProbabilities(WEIGHTS, BIAS, ROWS[i]), probabilities[i],
                            1e-6f);
                }
            }
            // 60 products of 256x256 matrices are ~1e9 multiply-adds: far slower than a 4x3 Gemm on any machine
            long fastNanos = medianRunNanos(fast, input);
            long slowNanos = medianRunNanos(slow, input);
            assertTrue(slowNanos > 5 * fastNanos, "slow " + slowNanos + " ns, fast " + fastNanos + " ns");
        }
    }

    @Test
    void anomalyScorerIsTheSigmoidOfTheWeightedSum() throws OrtException {
        float[] weights = {0.5f, -1f, 2f};
        float bias = -0.25f;
        float[][] rows = {{0f, 0f, 0f}, {1f, 1f, 1f}, {10f, -3f, 4f}, {-10f, 8f, -4f}};
        try (OrtSession session = ENV.createSession(OnnxModels.anomalyScorer(weights, bias));
                OnnxTensor input = OnnxTensor.createTensor(ENV, rows);
                OrtSession.Result result = session.run(Map.of(OnnxModels.FEATURES, input))) {
            assertTensor(session.getOutputInfo().get(OnnxModels.SCORE), OnnxJavaType.FLOAT, -1, 1);
            float[][] scores = (float[][]) result.get(OnnxModels.SCORE).orElseThrow().getValue();
            for (int i = 0; i < rows.length; i++) {
                assertEquals(OnnxModels.expectedAnomalyScore(weights, bias, rows[i]), scores[i][0], 1e-6f);
                assertTrue(scores[i][0] >= 0f && scores[i][0] <= 1f);
            }
            assertTrue(scores[2][0] > 0.99f);
            assertTrue(scores[3][0] < 0.01f);
        }
    }

    @Test
    void defaultAnomalyScorerScoresZerosLowAndOnesAtOneHalf() throws OrtException {
        try (OrtSession session = ENV.createSession(OnnxModels.anomalyScorer(4));
                OnnxTensor input = OnnxTensor.createTensor(ENV, new float[][] {{0, 0, 0, 0}, {1, 1, 1, 1}});
                OrtSession.Result result = session.run(Map.of(OnnxModels.FEATURES, input))) {
            float[][] scores = (float[][]) result.get(OnnxModels.SCORE).orElseThrow().getValue();
            assertEquals(1 / (1 + Math.exp(4)), scores[0][0], 1e-6);
            assertEquals(0.5f, scores[1][0], 1e-6f);
        }
    }

    @Test
    void identityPassesValuesOfItsTypeThrough() throws OrtException {
        try (OrtSession session = ENV.createSession(OnnxModels.identity("int64", -1, 2));
                OnnxTensor input = OnnxTensor.createTensor(ENV, new long[][] {{1, -2}, {Long.MAX_VALUE, 0}});
                OrtSession.Result result = session.run(Map.of("input", input))) {
            assertTensor(session.getInputInfo().get("input"), OnnxJavaType.INT64, -1, 2);
            assertArrayEquals(new long[] {Long.MAX_VALUE, 0}, ((long[][]) result.get(0).getValue())[1]);
        }
        try (OrtSession session = ENV.createSession(OnnxModels.identity("string", 3));
                OnnxTensor input = OnnxTensor.createTensor(ENV, new String[] {"a", "ü", ""});
                OrtSession.Result result = session.run(Map.of("input", input))) {
            assertArrayEquals(new String[] {"a", "ü", ""}, (String[]) result.get(0).getValue());
        }
        try (OrtSession session = ENV.createSession(OnnxModels.identity("double"))) {
            TensorInfo scalar = (TensorInfo) session.getInputInfo().get("input").getInfo();
            assertEquals(OnnxJavaType.DOUBLE, scalar.type);
            assertTrue(scalar.isScalar());
        }
    }

    @Test
    void modelsAreDeterministicBytes() {
        assertArrayEquals(OnnxModels.linearClassifier(WEIGHTS, BIAS), OnnxModels.linearClassifier(WEIGHTS, BIAS));
        assertFalse(Arrays.equals(OnnxModels.linearClassifier(WEIGHTS, BIAS),
                OnnxModels.linearClassifier(WEIGHTS, new float[] {0f, 0f, 0f})));
        assertTrue(Arrays.deepEquals(OnnxModels.randomWeights(3, 2, 7), OnnxModels.randomWeights(3, 2, 7)));
    }

    @Test
    void rejectsInconsistentShapes() {
        assertThrows(IllegalArgumentException.class,
                () -> OnnxModels.linearClassifier(new float[][] {{1f, 2f}, {1f}}, new float[2]));
        assertThrows(IllegalArgumentException.class, () -> OnnxModels.linearClassifier(WEIGHTS, new float[2]));
        assertThrows(IllegalArgumentException.class,
                () -> OnnxModels.labelledClassifier(WEIGHTS, BIAS, new long[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> OnnxModels.slowClassifier(WEIGHTS, BIAS, -1));
        assertThrows(IllegalArgumentException.class, () -> OnnxModels.failsAtRunTime(0));
        assertThrows(IllegalArgumentException.class,
                () -> OnnxModels.expectedProbabilities(WEIGHTS, BIAS, new float[] {1f}));
    }

    private static void assertTensor(NodeInfo node, OnnxJavaType type, long... shape) {
        TensorInfo info = assertInstanceOf(TensorInfo.class, node.getInfo());
        assertEquals(type, info.type);
        assertArrayEquals(shape, info.getShape());
    }

    /** The sequence's maps; its elements are separate native values that must be closed on their own. */
    private static List<Map<?, ?>> maps(OnnxSequence sequence) throws OrtException {
        List<Map<?, ?>> maps = new ArrayList<>();
        for (OnnxValue element : sequence.getValue()) {
            try (element) {
                maps.add((Map<?, ?>) element.getValue());
            }
        }
        return maps;
    }

    private static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static long medianRunNanos(OrtSession session, OnnxTensor input) throws OrtException {
        long[] times = new long[7];
        session.run(Map.of(OnnxModels.FEATURES, input)).close();
        for (int i = 0; i < times.length; i++) {
            long start = System.nanoTime();
            session.run(Map.of(OnnxModels.FEATURES, input)).close();
            times[i] = System.nanoTime() - start;
        }
        Arrays.sort(times);
        return times[times.length / 2];
    }
}
