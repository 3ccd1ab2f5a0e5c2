package io.modelfleet.plugin.runtime.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.model.ModelSignature;
import io.modelfleet.api.model.TensorSpec;
import io.modelfleet.itests.onnx.OnnxModels;

class OnnxModelInspectorTest {
    private static final float[][] WEIGHTS = OnnxModels.randomWeights(4, 3, 7);
    private static final float[] BIAS = {0f, 0.5f, -0.5f};

    private final OnnxModelInspector inspector = new OnnxModelInspector();
    @TempDir
    Path temp;

    @Test
    void readsTheClassifierSignature() throws Exception {
        ModelSignature signature = inspector.inspect(write("linear.onnx", OnnxModels.linearClassifier(WEIGHTS, BIAS)));
        assertEquals(new ModelSignature(List.of(new TensorSpec("features", "float", List.of(-1L, 4L))),
                List.of(new TensorSpec("probabilities", "float", List.of(-1L, 3L)))), signature);
        assertEquals("onnx", inspector.format());
    }

    @Test
    void describesZipMapOutputsAsSequencesOfMaps() throws Exception {
        ModelSignature ints = inspector.inspect(write("ints.onnx",
                OnnxModels.labelledClassifier(WEIGHTS, BIAS, new long[] {1, 2, 3})));
        assertEquals(List.of(new TensorSpec("label", "int64", List.of(-1L)),
                new TensorSpec("probabilities", "seq(map(int64,float))", List.of())), ints.outputs());

        ModelSignature strings = inspector.inspect(write("strings.onnx",
                OnnxModels.labelledClassifier(WEIGHTS, BIAS, new String[] {"a", "b", "c"})));
        assertEquals(new TensorSpec("label", "string", List.of(-1L)), strings.outputs().get(0));
        assertEquals("seq(map(string,float))", strings.outputs().get(1).elementType());
    }

    @Test
    void namesElementTypesAsOnnxDoes() throws Exception {
        assertEquals(new TensorSpec("input", "uint8", List.of(2L, -1L)),
                inspector.inspect(write("u8.onnx", OnnxModels.identity("uint8", 2, -1))).inputs().get(0));
        assertEquals(new TensorSpec("input", "double", List.of()),
                inspector.inspect(write("scalar.onnx", OnnxModels.identity("double"))).inputs().get(0));
        assertEquals("float16", inspector.inspect(write("f16.onnx", OnnxModels.identity("float16", 1)))
                .outputs().get(0).elementType());
    }

    @Test
    void rejectsGarbageWithOrtsReasonAndWithoutTheServerPath() throws Exception {
        Path garbage = write("upload-123.onnx", "this is not an ONNX model".getBytes());
        InvalidInputException failure = assertThrows(InvalidInputException.class, () -> inspector.inspect(garbage));
        assertEquals("invalid_input", failure.error());
        assertTrue(failure.getMessage().contains("Protobuf parsing failed"), failure.getMessage());
        assertFalse(failure.getMessage().contains(temp.toString()), failure.getMessage());
    }

    @Test
    void rejectsATruncatedModel() throws Exception {
        byte[] model = OnnxModels.linearClassifier(WEIGHTS, BIAS);
        Path truncated = write("truncated.onnx", Arrays.copyOf(model, model.length * 2 / 3));
        InvalidInputException failure = assertThrows(InvalidInputException.class, () -> inspector.inspect(truncated));
        assertTrue(failure.getMessage().startsWith("not a loadable ONNX model: "), failure.getMessage());
    }

    @Test
    void rejectsAnEmptyFileInWords() throws Exception {
        InvalidInputException failure = assertThrows(InvalidInputException.class,
                () -> inspector.inspect(write("empty.onnx", new byte[0])));
        // ORT's message carries a C++ source position and signature here
        assertEquals("not a loadable ONNX model: ModelProto does not have a graph.", failure.getMessage());
    }

    @Test
    void acceptsAModelThatOnlyFailsWhenRun() throws Exception {
        assertEquals(List.of(-1L, 2L),
                inspector.inspect(write("fails.onnx", OnnxModels.failsAtRunTime(5))).outputs().get(0).shape());
    }

    @Test
    void rejectsInputsTheEdgeCannotFeed() throws Exception {
        InvalidInputException failure = assertThrows(InvalidInputException.class,
                () -> inspector.inspect(write("u32.onnx", OnnxModels.identity("uint32", 2))));
        assertTrue(failure.getMessage().contains("input 'input' has element type uint32"), failure.getMessage());
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(temp.resolve(name), bytes);
    }
}
