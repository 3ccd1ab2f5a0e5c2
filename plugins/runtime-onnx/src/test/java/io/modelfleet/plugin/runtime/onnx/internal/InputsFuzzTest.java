package io.modelfleet.plugin.runtime.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.modelfleet.itests.onnx.OnnxModels;

/**
 * JSON-shaped inputs (what {@code POST /v1/predict} and agents hand over: maps, lists, numbers of every Java type,
 * booleans, strings, nulls) for models of every supported element type and shape: they become tensors of the
 * declared type whose shape fits the declaration and whose values are the given ones, or they are refused with
 * {@link IllegalArgumentException} naming the input, never with another exception.
 */
class InputsFuzzTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static final List<Inputs> MODELS = new ArrayList<>();
    private static final List<Map<String, TensorInfo>> DECLARED = new ArrayList<>();
    private static final List<String> KEYS = List.of("input", "", "a", "b", "c", "other");

    static {
        try {
            Object[][] models = { { "float", new long[] { -1, 3 } }, { "double", new long[0] }, { "int64", new long[] { -1, 2 } },
                    { "int32", new long[] { -1, -1 } }, { "int16", new long[] { -1 } }, { "int8", new long[] { 2 } },
                    { "uint8", new long[] { 2, -1 } }, { "bool", new long[] { -1 } }, { "string", new long[] { 3 } },
                    { "float16", new long[] { -1, 2 } }, { "bfloat16", new long[] { 1, 2 } } };
            for (Object[] model : models) {
                try (OrtSession session = ENV.createSession(OnnxModels.identity((String) model[0], (long[]) model[1]))) {
                    Map<String, TensorInfo> declared = new LinkedHashMap<>();
                    session.getInputInfo().forEach((name, node) -> declared.put(name, (TensorInfo) node.getInfo()));
                    MODELS.add(Inputs.of(session.getInputInfo()));
                    DECLARED.add(declared);
                    if (model[0].equals("float")) {
                        MODELS.add(Inputs.of(session.getInputInfo(), Map.of("columns", "a, b,c")));
                        DECLARED.add(declared);
                    }
                }
            }
        } catch (OrtException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxExecutions = 150_000, maxDuration = "4s")
    void tensorsOfTheDeclaredShapeOrRefused(FuzzedDataProvider data) throws OrtException {
        int model = data.consumeInt(0, MODELS.size() - 1);
        Inputs inputs = MODELS.get(model);
        Map<String, Object> given = new LinkedHashMap<>();
        int entries = data.consumeInt(0, 3);
        for (int i = 0; i < entries; i++) {
            given.put(data.pickValue(KEYS), value(data, 0));
        }
        Map<String, OnnxTensor> tensors;
        try {
            tensors = inputs.tensors(ENV, given);
        } catch (IllegalArgumentException e) {
            assertNotNull(e.getMessage());
            return;
        }
        try {
            assertTrue(!tensors.isEmpty());
            for (Map.Entry<String, OnnxTensor> tensor : tensors.entrySet()) {
                TensorInfo info = tensor.getValue().getInfo();
                long[] declared = DECLARED.get(model).get(tensor.getKey()).getShape();
                long[] shape = info.getShape();
                assertEquals(declared.length, shape.length);
                long elements = 1;
                for (int d = 0; d < shape.length; d++) {
                    assertTrue(declared[d] < 0 || declared[d] == shape[d], tensor.getKey());
                    elements *= shape[d];
                }
                assertEquals(elements, info.getNumElements());
                Object values = tensor.getValue().getValue();
                assertFinite(values);
            }
        } finally {
            OnnxValue.close(tensors);
        }
    }

    /** Whatever was finite going in is finite in the tensor: no value silently turns into infinity. */
    private static void assertFinite(Object values) {
        if (values instanceof float[] floats) {
            for (float f : floats) {
                assertTrue(Float.isFinite(f), "a float element is " + f);
            }
        } else if (values instanceof Object[] nested) {
            for (Object element : nested) {
                assertFinite(element);
            }
        } else if (values instanceof Float f) {
            assertTrue(Float.isFinite(f), "a float element is " + f);
        } else if (values instanceof Double d) {
            assertTrue(Double.isFinite(d), "a double element is " + d);
        } else if (values instanceof double[] doubles) {
            for (double d : doubles) {
                assertTrue(Double.isFinite(d), "a double element is " + d);
            }
        }
    }

    /** JSON has no NaN or infinity. */
    private static double finite(double value) {
        return Double.isFinite(value) ? value : 0.0;
    }

    private static Object value(FuzzedDataProvider data, int depth) {
        return switch (data.consumeInt(0, depth < 4 ? 12 : 10)) {
            case 0 -> null;
            case 1 -> data.consumeBoolean();
            case 2 -> data.consumeInt(-3, 300);
            case 3 -> data.consumeLong();
            case 4 -> BigInteger.valueOf(data.consumeLong()).shiftLeft(data.consumeInt(0, 70));
            case 5 -> finite(data.consumeDouble());
            case 6 -> data.consumeInt(-300, 300) / 2.0;
            case 7 -> new BigDecimal(BigInteger.valueOf(data.consumeInt()), data.consumeInt(-30, 30));
            case 8 -> (float) finite(data.consumeFloat());
            case 9 -> data.consumeString(6);
            case 10 -> Map.of("x", 1);
            default -> {
                List<Object> list = new ArrayList<>();
                int size = data.consumeInt(0, 3);
                for (int i = 0; i < size; i++) {
                    list.add(value(data, depth + 1));
                }
                yield list;
            }
        };
    }
}
