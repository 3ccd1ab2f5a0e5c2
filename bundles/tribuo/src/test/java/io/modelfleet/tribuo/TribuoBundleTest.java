package io.modelfleet.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
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
import org.osgi.framework.Version;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

import com.google.protobuf.Message;

/**
 * The built bundle (target/classes after bnd, zipped as the jar plugin will) on a plain Felix with nothing but the
 * protobuf-java bundle and the ModelFleet API: it resolves (JLine and tribuo-data are optional), exports Tribuo at 4.3.2 and OLCUT at 5.3.1,
 * wires protobuf to the protobuf bundle, and trains and exports a model to ONNX with its own class loader.
 */
class TribuoBundleTest {
    private static final Path BUILT = Path.of("target", "classes");

    @TempDir
    static Path shared;
    private static Path jar;
    @TempDir
    Path temp;
    private Framework framework;
    private Bundle tribuo;
    private Bundle protobuf;

    @BeforeAll
    static void zipTheBundle() throws IOException {
        jar = jarOf(BUILT, shared.resolve("io.modelfleet.tribuo.jar"));
    }

    @BeforeEach
    void startFelix() throws Exception {
        framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, temp.resolve("felix-cache").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        protobuf = framework.getBundleContext().installBundle(jarOf(Message.class).toUri().toString());
        // the SGD follower reports to a training run through the solution SPI (a reactor build gives its classes folder)
        Path api = jarOf(io.modelfleet.api.spi.solution.TrainingContext.class);
        framework.getBundleContext().installBundle((Files.isDirectory(api)
                ? jarOf(api, temp.resolve("io.modelfleet.api.jar")) : api).toUri().toString());
        tribuo = framework.getBundleContext().installBundle(jar.toUri().toString());
        tribuo.start();
    }

    @AfterEach
    void stopFelix() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    @Test
    void resolvesWithProtobufAndTheApiAndExportsTribuoAndOlcutAtTheirVersions() {
        assertEquals(Bundle.ACTIVE, tribuo.getState());
        List<String> exported = new ArrayList<>();
        for (BundleCapability export : tribuo.adapt(BundleRevision.class)
                .getDeclaredCapabilities(BundleRevision.PACKAGE_NAMESPACE)) {
            String name = (String) export.getAttributes().get(BundleRevision.PACKAGE_NAMESPACE);
            // ModelFleet's own package at its version, Tribuo's and OLCUT's at theirs
            Version expected = Version.parseVersion(name.startsWith("io.modelfleet.") ? "1.0.0"
                    : name.startsWith("com.oracle.labs.mlrg.olcut") ? "5.3.1" : "4.3.2");
            assertEquals(expected, export.getAttributes().get("version"), name);
            exported.add(name);
        }
        for (String name : List.of("io.modelfleet.tribuo.sgd", "org.tribuo", "org.tribuo.classification.sgd.linear",
                "org.tribuo.classification.sgd.fm", "org.tribuo.math.optimisers", "org.tribuo.util.onnx",
                "ai.onnx.proto", "com.oracle.labs.mlrg.olcut.provenance")) {
            assertTrue(exported.contains(name), name);
        }
        assertTrue(exported.stream().noneMatch(name -> name.startsWith("com.google.protobuf")
                || name.equals("org.tribuo.data") || name.startsWith("org.tribuo.data.")), exported.toString());

        List<String> wiredTo = new ArrayList<>();
        for (BundleWire wire : tribuo.adapt(BundleWiring.class).getRequiredWires(BundleRevision.PACKAGE_NAMESPACE)) {
            wiredTo.add(wire.getCapability().getAttributes().get(BundleRevision.PACKAGE_NAMESPACE) + "@"
                    + wire.getProvider().getBundle().getSymbolicName());
        }
        assertTrue(wiredTo.contains("com.google.protobuf@com.google.protobuf"), wiredTo.toString());
    }

    @Test
    void trainsALogisticRegressionAndExportsItToOnnxInsideOsgi() throws Exception {
        Class<?> labelClass = tribuo.loadClass("org.tribuo.classification.Label");
        assertEquals(tribuo, assertInstanceOf(BundleReference.class, labelClass.getClassLoader()).getBundle());
        Class<?> factoryClass = tribuo.loadClass("org.tribuo.classification.LabelFactory");
        Class<?> outputFactoryClass = tribuo.loadClass("org.tribuo.OutputFactory");
        Class<?> outputClass = tribuo.loadClass("org.tribuo.Output");
        Class<?> provenanceClass = tribuo.loadClass("org.tribuo.provenance.SimpleDataSourceProvenance");
        Class<?> dataProvenanceClass = tribuo.loadClass("org.tribuo.provenance.DataProvenance");
        Class<?> datasetClass = tribuo.loadClass("org.tribuo.MutableDataset");
        Class<?> exampleClass = tribuo.loadClass("org.tribuo.impl.ArrayExample");
        Class<?> trainerClass = tribuo.loadClass("org.tribuo.classification.sgd.linear.LogisticRegressionTrainer");

        Object factory = factoryClass.getConstructor().newInstance();
        Object provenance = provenanceClass.getConstructor(String.class, outputFactoryClass).newInstance("test",
                factory);
        Object dataset = datasetClass.getConstructor(dataProvenanceClass, outputFactoryClass).newInstance(provenance,
                factory);
        String[] names = {"x", "y"};
        for (int i = 0; i < 40; i++) {
            double x = (i % 7) - 3;
            double y = (i % 5) - 2;
            Object label = labelClass.getConstructor(String.class).newInstance(x + y > 0 ? "up" : "down");
            Object example = exampleClass.getConstructor(outputClass, String[].class, double[].class)
                    .newInstance(label, names, new double[] {x, y});
            datasetClass.getMethod("add", tribuo.loadClass("org.tribuo.Example")).invoke(dataset, example);
        }
        Object trainer = trainerClass.getConstructor().newInstance();
        Object model = trainerClass.getMethod("train", tribuo.loadClass("org.tribuo.Dataset")).invoke(trainer,
                dataset);

        // provenance marshalling (OLCUT + protobuf) and the ONNX graph builder
        Object proto = model.getClass().getMethod("exportONNXModel", String.class, long.class).invoke(model, "test",
                1L);
        byte[] bytes = (byte[]) proto.getClass().getMethod("toByteArray").invoke(proto);
        assertTrue(bytes.length > 100);
        Object graph = proto.getClass().getMethod("getGraph").invoke(proto);
        Object input = graph.getClass().getMethod("getInput", int.class).invoke(graph, 0);
        assertEquals("input", input.getClass().getMethod("getName").invoke(input));
        assertNotEquals(0, Array.getLength(bytes));
        Class<?> messageClass = proto.getClass().getClassLoader().loadClass("com.google.protobuf.Message");
        assertEquals(protobuf, assertInstanceOf(BundleReference.class, messageClass.getClassLoader()).getBundle());
    }

    /** The jar a class on the test class path came from. */
    private static Path jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
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
