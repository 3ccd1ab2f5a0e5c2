package io.modelfleet.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleReference;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.Version;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

import io.modelfleet.itests.onnx.OnnxModels;

/**
 * The built bundle (target/classes after bnd, zipped as the jar plugin will) on a plain Felix: its manifest exports
 * ai.onnxruntime 1.23.2, it carries the Linux natives only, and ONNX Runtime loads them from the bundle class loader.
 */
class OnnxRuntimeBundleTest {
    private static final Path BUILT = Path.of("target", "classes");

    @TempDir
    static Path shared;
    private static Path jar;
    @TempDir
    Path temp;
    private Framework framework;
    private Bundle bundle;

    @BeforeAll
    static void zipTheBundle() throws IOException {
        jar = jarOf(BUILT, shared.resolve("io.modelfleet.onnxruntime.jar"));
    }

    @BeforeEach
    void startFelixWithTheBundle() throws Exception {
        framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, temp.resolve("felix-cache").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        bundle = framework.getBundleContext().installBundle(jar.toUri().toString());
        bundle.start();
    }

    @AfterEach
    void stopFelix() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    @Test
    void exportsOnnxRuntimePackagesAtTheOrtVersion() {
        List<String> exported = new ArrayList<>();
        for (BundleCapability export : bundle.adapt(BundleRevision.class)
                .getDeclaredCapabilities(BundleRevision.PACKAGE_NAMESPACE)) {
            String name = (String) export.getAttributes().get(BundleRevision.PACKAGE_NAMESPACE);
            assertEquals(Version.parseVersion("1.23.2"), export.getAttributes().get("version"), name);
            exported.add(name);
        }
        Collections.sort(exported);
        assertEquals(List.of("ai.onnxruntime", "ai.onnxruntime.platform", "ai.onnxruntime.providers"), exported);
        assertEquals(Bundle.ACTIVE, bundle.getState());
    }

    @Test
    void carriesTheLinuxNativesAndNoOthers() {
        for (String platform : List.of("linux-x64", "linux-aarch64")) {
            for (String library : List.of("libonnxruntime.so", "libonnxruntime4j_jni.so")) {
                assertNotNull(bundle.getEntry("ai/onnxruntime/native/" + platform + "/" + library),
                        platform + "/" + library);
            }
        }
        List<String> platforms = new ArrayList<>();
        Collections.list(bundle.findEntries("ai/onnxruntime/native", "*", false))
                .forEach(url -> platforms.add(Path.of(url.getPath()).getFileName().toString()));
        Collections.sort(platforms);
        assertEquals(List.of("linux-aarch64", "linux-x64"), platforms);
    }

    @Test
    void runsAModelWithNativesLoadedFromTheBundleClassLoader() throws Exception {
        Class<?> environmentClass = bundle.loadClass("ai.onnxruntime.OrtEnvironment");
        // the test class path has the plain ORT jar too: make sure this is the bundle's copy
        assertEquals(bundle, assertInstanceOf(BundleReference.class, environmentClass.getClassLoader()).getBundle());
        assertClassifierRuns(bundle);
    }

    @Test
    void loadsTheNativesAgainAfterTheBundleIsUpdated() throws Exception {
        assertClassifierRuns(bundle);
        ClassLoader before = bundle.loadClass("ai.onnxruntime.OrtEnvironment").getClassLoader();

        try (InputStream in = Files.newInputStream(jar)) {
            bundle.update(in);
        }
        CountDownLatch refreshed = new CountDownLatch(1);
        framework.adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        assertTrue(refreshed.await(30, TimeUnit.SECONDS));

        // a new class loader extracts and loads its own copy of the libraries: no "already loaded" error
        assertNotSame(before, bundle.loadClass("ai.onnxruntime.OrtEnvironment").getClassLoader());
        assertClassifierRuns(bundle);
    }

    /** Runs OnnxModels.linearClassifier through the bundle's ORT classes, by reflection. */
    private static void assertClassifierRuns(Bundle ort) throws Exception {
        Class<?> environmentClass = ort.loadClass("ai.onnxruntime.OrtEnvironment");
        Class<?> tensorClass = ort.loadClass("ai.onnxruntime.OnnxTensor");
        Class<?> sessionClass = ort.loadClass("ai.onnxruntime.OrtSession");
        Class<?> resultClass = ort.loadClass("ai.onnxruntime.OrtSession$Result");
        Class<?> valueClass = ort.loadClass("ai.onnxruntime.OnnxValue");

        Object environment = environmentClass.getMethod("getEnvironment").invoke(null);
        assertEquals("1.23.2", environmentClass.getMethod("getVersion").invoke(environment));

        float[][] weights = {{2f, -1f}, {0.5f, 1f}};
        float[] bias = {0f, 0.5f};
        float[][] row = {{1f, 3f}};
        Object session = environmentClass.getMethod("createSession", byte[].class).invoke(environment,
                (Object) OnnxModels.linearClassifier(weights, bias));
        Object tensor = tensorClass.getMethod("createTensor", environmentClass, Object.class).invoke(null,
                environment, row);
        Object result = sessionClass.getMethod("run", Map.class).invoke(session,
                Map.of(OnnxModels.FEATURES, tensor));
        Object output = resultClass.getMethod("get", int.class).invoke(result, 0);
        float[][] probabilities = (float[][]) valueClass.getMethod("getValue").invoke(output);
        assertArrayEquals(OnnxModels.expectedProbabilities(weights, bias, row[0]), probabilities[0], 1e-6f);

        Method close = AutoCloseable.class.getMethod("close");
        close.invoke(result);
        close.invoke(tensor);
        close.invoke(session);
    }

    /** Zips a bnd output folder into a bundle jar, the manifest first as JarInputStream readers expect. */
    private static Path jarOf(Path folder, Path jar) throws IOException {
        Manifest manifest;
        try (InputStream in = Files.newInputStream(folder.resolve(JarFile.MANIFEST_NAME))) {
            manifest = new Manifest(in);
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                Stream<Path> files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String name = folder.relativize(file).toString().replace('\\', '/');
                if (name.equals(JarFile.MANIFEST_NAME)) {
                    continue;
                }
                out.putNextEntry(new JarEntry(name));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
