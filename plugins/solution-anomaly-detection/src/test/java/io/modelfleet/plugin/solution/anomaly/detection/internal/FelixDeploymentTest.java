package io.modelfleet.plugin.solution.anomaly.detection.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Proxy;
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
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The plugin on a plain Felix with SCR, the API bundle, Jackson, protobuf-java and the Tribuo wrapper bundle: it
 * imports Tribuo's ONNX builder from the wrapper, embeds none of it, registers its SolutionType and trains inside
 * OSGi.
 */
class FelixDeploymentTest {
    private static final String SPI = "io.modelfleet.api.spi.solution.";

    @TempDir
    static Path temp;
    private static Framework framework;
    private static Bundle api;
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
                "org/osgi/service/component/ComponentContext.class", "org/apache/felix/scr/impl/Activator.class",
                "com/fasterxml/jackson/annotation/JsonProperty.class", "com/fasterxml/jackson/core/JsonParser.class",
                "com/fasterxml/jackson/databind/ObjectMapper.class", "com/google/protobuf/Message.class",
                "org/tribuo/Model.class", "io/modelfleet/schema/ParameterSchema.class")) {
            bundles.add(context.installBundle(location(resource)));
        }
        api = context.installBundle(location("io/modelfleet/api/spi/solution/SolutionType.class"));
        plugin = context.installBundle("reference:" + Path.of("target", "classes").toUri());
        bundles.addAll(List.of(api, plugin));
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
    void importsTribuoFromTheWrapperAndEmbedsNoneOfIt() {
        assertEquals(Bundle.ACTIVE, plugin.getState());
        List<String> providers = new ArrayList<>();
        for (BundleWire wire : plugin.adapt(BundleWiring.class).getRequiredWires(BundleRevision.PACKAGE_NAMESPACE)) {
            providers.add(wire.getCapability().getAttributes().get(BundleRevision.PACKAGE_NAMESPACE) + " <- "
                    + wire.getProvider().getSymbolicName());
        }
        assertTrue(providers.contains("org.tribuo.util.onnx <- io.modelfleet.tribuo"), providers.toString());
        assertNull(plugin.findEntries("org", "*", true), "the plugin must not embed Tribuo");
    }

    @Test
    void theSolutionServiceTrainsInsideOsgi() throws Exception {
        Object solution = service(SPI + "SolutionType");
        Class<?> solutionType = api.loadClass(SPI + "SolutionType");
        Class<?> dataType = api.loadClass(SPI + "TabularData");
        Class<?> contextType = api.loadClass(SPI + "TrainingContext");
        StringBuilder csv = new StringBuilder("a,b,label\n");
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 200; i++) {
            csv.append(random.nextGaussian()).append(',').append(random.nextGaussian()).append(",\n");
        }
        csv.append("9,9,anomaly\n");
        Object data = dataType.getMethod("readCsv", InputStream.class, List.class).invoke(null,
                new java.io.ByteArrayInputStream(csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                List.of("anomaly"));
        Path work = Files.createDirectories(temp.resolve("work"));
        List<String> log = new ArrayList<>();
        Object context = Proxy.newProxyInstance(contextType.getClassLoader(), new Class<?>[] {contextType},
                (proxy, method, arguments) -> switch (method.getName()) {
                    case "parametersJson" -> "{}";
                    case "seed" -> 42L;
                    case "workDirectory" -> work;
                    case "cancelled" -> false;
                    case "log" -> log.add((String) arguments[0]);
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == arguments[0];
                    case "toString" -> "context";
                    default -> null;
                });
        Object trained = solutionType.getMethod("train", dataType, contextType).invoke(solution, data, context);
        Class<?> trainedType = api.loadClass(SPI + "TrainedModel");
        @SuppressWarnings("unchecked")
        Map<String, Double> metrics = (Map<String, Double>) trainedType.getMethod("metrics").invoke(trained);
        assertEquals(1.0, metrics.get("recall"), metrics.toString());
        assertTrue(Files.size(work.resolve("model.onnx")) > 0);
        assertTrue(log.stream().anyMatch(line -> line.startsWith("threshold ")), log.toString());
    }

    /** The service, waiting a little in case SCR registers it on its own thread; unfiltered, as the test's class path
     * has its own copy of the API. */
    private static Object service(String type) throws Exception {
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
        return "reference:" + text.substring(0, text.length() - resource.length());
    }
}
