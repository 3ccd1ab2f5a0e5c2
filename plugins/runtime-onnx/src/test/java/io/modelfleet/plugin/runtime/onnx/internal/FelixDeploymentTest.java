package io.modelfleet.plugin.runtime.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

import io.modelfleet.itests.onnx.OnnxModels;

/**
 * The plugin as the edge agent runs it: a plain Felix with SCR, the API bundle and the ONNX Runtime wrapper bundle.
 * Its components must start and run a model through ORT loaded by the wrapper bundle's class loader.
 */
class FelixDeploymentTest {
    private static final String API = "io.modelfleet.api.spi.runtime.";

    @TempDir
    static Path temp;
    private static Framework framework;
    private static Bundle api;
    private static Bundle wrapper;
    private static Bundle plugin;

    @BeforeAll
    static void startFelix() throws Exception {
        framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, temp.resolve("felix-cache").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        BundleContext context = framework.getBundleContext();
        List<Bundle> bundles = new ArrayList<>();
        for (String resource : List.of("org/osgi/util/function/Function.class", "org/osgi/util/promise/Promise.class",
                "org/osgi/service/component/ComponentContext.class", "org/apache/felix/scr/impl/Activator.class")) {
            bundles.add(context.installBundle(location(resource)));
        }
        api = context.installBundle(location("io/modelfleet/api/spi/runtime/InferenceRuntime.class"));
        wrapper = context.installBundle(location("ai/onnxruntime/OrtEnvironment.class"));
        // this module's bundle as bnd wrote it, before the jar is packed
        plugin = context.installBundle("reference:" + Path.of("target", "classes").toUri());
        bundles.addAll(List.of(api, wrapper, plugin));
        for (Bundle bundle : bundles) {
            bundle.start();
        }
    }

    @AfterAll
    static void stopFelix() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    @Test
    void importsOnnxRuntimeFromTheWrapperAndEmbedsNoneOfIt() {
        assertEquals(Bundle.ACTIVE, plugin.getState());
        List<String> providers = new ArrayList<>();
        for (BundleWire wire : plugin.adapt(BundleWiring.class).getRequiredWires(BundleRevision.PACKAGE_NAMESPACE)) {
            String pkg = (String) wire.getCapability().getAttributes().get(BundleRevision.PACKAGE_NAMESPACE);
            if (pkg.startsWith("ai.onnxruntime")) {
                providers.add(pkg + " <- " + wire.getProvider().getSymbolicName());
            }
        }
        assertTrue(providers.contains("ai.onnxruntime <- io.modelfleet.onnxruntime"), providers.toString());
        assertNull(plugin.findEntries("ai", "*", true), "the plugin must not embed ONNX Runtime");
    }

    @Test
    void theRuntimeServiceRunsAModel() throws Exception {
        Object runtime = service(API + "InferenceRuntime");
        Class<?> runtimeType = api.loadClass(API + "InferenceRuntime");
        assertEquals("onnx", runtimeType.getMethod("format").invoke(runtime));
        assertEquals("onnxruntime-1.23.2", runtimeType.getMethod("runtimeVersion").invoke(runtime));

        Path file = Files.write(temp.resolve("classifier.onnx"),
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
        assertEquals(wrapper, assertInstanceOf(org.osgi.framework.BundleReference.class,
                environment.getClassLoader()).getBundle());
    }

    @Test
    void theInspectorServiceRejectsGarbageWithTheApisException() throws Exception {
        Object inspector = service("io.modelfleet.api.spi.model.ModelInspector");
        Path garbage = Files.write(temp.resolve("garbage.onnx"), new byte[] {1, 2, 3, 4, 5});
        InvocationTargetException failure = assertThrows(InvocationTargetException.class,
                () -> api.loadClass("io.modelfleet.api.spi.model.ModelInspector").getMethod("inspect", Path.class)
                        .invoke(inspector, garbage));
        assertEquals(api.loadClass("io.modelfleet.api.InvalidInputException"), failure.getCause().getClass());
    }

    /**
     * The service, waiting a little in case SCR registers it on its own thread. All references, unfiltered: the
     * system bundle sees this test's class path copy of the API, not the API bundle's classes.
     */
    private static Object service(String type) throws InvalidSyntaxException, InterruptedException {
        BundleContext context = framework.getBundleContext();
        ServiceReference<?>[] references = context.getAllServiceReferences(type, null);
        for (int wait = 0; references == null && wait < 100; wait++) {
            Thread.sleep(100);
            references = context.getAllServiceReferences(type, null);
        }
        assertNotNull(references, "no " + type + " service");
        Object service = context.getService(references[0]);
        assertNotNull(service, type + " did not activate");
        return service;
    }

    /** Where the test class path has a class: a jar, or a module's bnd output folder in a reactor build. */
    private static String location(String resource) {
        URL url = FelixDeploymentTest.class.getClassLoader().getResource(resource);
        assertNotNull(url, resource);
        String text = url.toString();
        if (text.startsWith("jar:")) {
            return text.substring("jar:".length(), text.indexOf("!/"));
        }
        String root = text.substring(0, text.length() - resource.length());
        return "reference:" + root;
    }
}
