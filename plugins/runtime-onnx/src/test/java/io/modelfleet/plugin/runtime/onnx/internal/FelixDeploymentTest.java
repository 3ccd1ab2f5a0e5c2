package io.modelfleet.plugin.runtime.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.framework.Bundle;

import io.modelfleet.itests.onnx.OnnxModels;
import io.modelfleet.testkit.FelixHarness;

/**
 * The plugin as the edge agent runs it: a plain Felix with SCR, the API bundle and the ONNX Runtime wrapper bundle.
 * Its components must start and run a model through ORT loaded by the wrapper bundle's class loader.
 */
class FelixDeploymentTest {
    private static final String API = "io.modelfleet.api.spi.runtime.";
    private static final String WRAPPER = "ai/onnxruntime/OrtEnvironment.class";

    @RegisterExtension
    static final FelixHarness felix = FelixHarness.withScrApiAnd(WRAPPER);

    @Test
    void importsOnnxRuntimeFromTheWrapperAndEmbedsNoneOfIt() {
        felix.assertActiveImportingNotEmbedding("ai", "ai.onnxruntime <- io.modelfleet.onnxruntime");
    }

    @Test
    void theRuntimeServiceRunsAModel() throws Exception {
        Bundle api = felix.api();
        Object runtime = felix.service(API + "InferenceRuntime");
        Class<?> runtimeType = api.loadClass(API + "InferenceRuntime");
        assertEquals("onnx", runtimeType.getMethod("format").invoke(runtime));
        assertEquals("onnxruntime-1.23.2", runtimeType.getMethod("runtimeVersion").invoke(runtime));

        Path file = Files.write(felix.directory("models").resolve("classifier.onnx"),
                OnnxModels.linearClassifier(new float[][] {{1f, 0f, 0f}, {0f, 1f, 0f}}, new float[] {0f, 0f, 1f}));
        Object model = runtimeType.getMethod("load", Path.class, Map.class).invoke(runtime, file,
                Map.of("labels", "cat,dog,bird"));
        Class<?> modelType = api.loadClass(API + "LoadedModel");
        Object prediction = modelType.getMethod("predict", Map.class).invoke(model,
                Map.of("features", List.of(2, 1)));
        Class<?> predictionType = api.loadClass(API + "Prediction");
        assertEquals("cat", predictionType.getMethod("label").invoke(prediction));
        // logits [2, 1, 1]
        assertEquals(Math.E / (Math.E + 2), (Double) predictionType.getMethod("score").invoke(prediction), 1e-6);
        modelType.getMethod("close").invoke(model);

        Class<?> environment = runtime.getClass().getClassLoader().loadClass("ai.onnxruntime.OrtEnvironment");
        assertEquals(felix.bundleOf(WRAPPER), assertInstanceOf(org.osgi.framework.BundleReference.class,
                environment.getClassLoader()).getBundle());
    }

    @Test
    void theInspectorServiceRejectsGarbageWithTheApisException() throws Exception {
        Bundle api = felix.api();
        Object inspector = felix.service("io.modelfleet.api.spi.model.ModelInspector");
        Path garbage = Files.write(felix.directory("models").resolve("garbage.onnx"), new byte[] {1, 2, 3, 4, 5});
        InvocationTargetException failure = assertThrows(InvocationTargetException.class,
                () -> api.loadClass("io.modelfleet.api.spi.model.ModelInspector").getMethod("inspect", Path.class)
                        .invoke(inspector, garbage));
        assertEquals(api.loadClass("io.modelfleet.api.InvalidInputException"), failure.getCause().getClass());
    }
}
