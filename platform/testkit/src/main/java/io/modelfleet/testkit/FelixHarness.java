package io.modelfleet.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
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
 * A plain OSGi framework (Apache Felix, as the edge agent runs) for deployment tests, as a JUnit 5 extension: it
 * proves that a plugin bundle resolves against the bundles it will meet at run time, imports what it must import
 * instead of embedding it, and that its Declarative Services components start and register their SPI services.
 * <p>
 * Register it in a static field with {@code @RegisterExtension}; before the class's tests it boots Felix on a fresh
 * cache, installs the given bundles from the test class path (each named by a resource, a class file, whose jar or bnd
 * output folder is installed), then this module's own bundle as bnd wrote it into {@code target/classes}, and starts
 * them all in that order; after them it stops Felix. {@link #service} waits for a service that SCR registers on its
 * own thread. The module declares {@code org.apache.felix.framework} and the bundles of {@link #SCR} with test scope.
 * Services come from the bundles' class loaders, not the test's: call them by reflection through classes loaded with
 * {@link Bundle#loadClass} (see {@link #api}).
 */
public final class FelixHarness implements BeforeAllCallback, AfterAllCallback {
    /** Class files locating Felix SCR and the OSGi promise/function bundles it needs. */
    public static final List<String> SCR = List.of("org/osgi/util/function/Function.class",
            "org/osgi/util/promise/Promise.class", "org/osgi/service/component/ComponentContext.class",
            "org/apache/felix/scr/impl/Activator.class");
    /**
     * Class files locating what a solution plugin built on Tribuo meets at run time: Jackson, protobuf-java, the
     * Tribuo wrapper bundle and the parameter schema bundle.
     */
    public static final List<String> TRIBUO = List.of("com/fasterxml/jackson/annotation/JsonProperty.class",
            "com/fasterxml/jackson/core/JsonParser.class", "com/fasterxml/jackson/databind/ObjectMapper.class",
            "com/google/protobuf/Message.class", "org/tribuo/Model.class", "io/modelfleet/schema/ParameterSchema.class");
    /** The platform's API bundle. */
    public static final String API = "io/modelfleet/api/spi/solution/SolutionType.class";

    private final List<String> resources;
    private Path storage;
    private Framework framework;
    private Bundle api;
    private Bundle module;

    private FelixHarness(List<String> resources) {
        this.resources = List.copyOf(resources);
    }

    /**
     * SCR, the API bundle and the bundles holding {@code resources} (in this order), then this module's bundle.
     */
    public static FelixHarness withScrApiAnd(String... resources) {
        return withScrApiAnd(List.of(resources));
    }

    /** SCR, the API bundle and the bundles holding {@code resources} (in this order), then this module's bundle. */
    public static FelixHarness withScrApiAnd(List<String> resources) {
        List<String> all = new ArrayList<>(SCR);
        all.addAll(resources);
        all.add(API);
        return new FelixHarness(all);
    }

    @Override
    public void beforeAll(ExtensionContext extension) throws Exception {
        storage = Files.createTempDirectory("felix-");
        framework = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the test class path"))
                .newFramework(Map.of(Constants.FRAMEWORK_STORAGE, storage.resolve("felix-cache").toString(),
                        Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        BundleContext context = framework.getBundleContext();
        List<Bundle> bundles = new ArrayList<>();
        for (String resource : resources) {
            Bundle bundle = context.installBundle(location(resource));
            bundles.add(bundle);
            if (resource.equals(API)) {
                api = bundle;
            }
        }
        // this module's bundle as bnd wrote it, before the jar is packed
        module = context.installBundle("reference:" + Path.of("target", "classes").toUri());
        bundles.add(module);
        for (Bundle bundle : bundles) {
            bundle.start();
        }
    }

    @Override
    public void afterAll(ExtensionContext extension) throws Exception {
        try {
            framework.stop();
            framework.waitForStop(10_000);
        } finally {
            try (Stream<Path> files = Files.walk(storage)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** A new directory {@code name} next to the framework's cache, deleted with it after the tests. */
    public Path directory(String name) throws IOException {
        return Files.createDirectories(storage.resolve(name));
    }

    /** The plugin: this module's bundle. */
    public Bundle module() {
        return module;
    }

    /** The API bundle, whose class loader has the SPI types the services implement. */
    public Bundle api() {
        return api;
    }

    /** The installed bundle holding {@code resource}. */
    public Bundle bundleOf(String resource) {
        String location = location(resource);
        for (Bundle bundle : framework.getBundleContext().getBundles()) {
            if (location.equals(bundle.getLocation())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle installed from " + location);
    }

    /**
     * Asserts that this module's bundle is active, imports each of {@code wires} ({@code "package <- bundle"}, see
     * {@link #importedPackages}) and embeds nothing under {@code root}: what it uses of a library comes from the
     * library's bundle.
     */
    public void assertActiveImportingNotEmbedding(String root, String... wires) {
        if (module.getState() != Bundle.ACTIVE) {
            throw new AssertionError(module.getSymbolicName() + " is not active: state " + module.getState());
        }
        List<String> imported = importedPackages(module);
        for (String wire : wires) {
            if (!imported.contains(wire)) {
                throw new AssertionError("no import " + wire + " among " + imported);
            }
        }
        if (module.findEntries(root, "*", true) != null) {
            throw new AssertionError("the plugin must not embed anything under " + root + "/");
        }
    }

    /** What the bundle imports, as {@code "package <- providing bundle's symbolic name"}. */
    public static List<String> importedPackages(Bundle bundle) {
        List<String> providers = new ArrayList<>();
        for (BundleWire wire : bundle.adapt(BundleWiring.class).getRequiredWires(BundleRevision.PACKAGE_NAMESPACE)) {
            providers.add(wire.getCapability().getAttributes().get(BundleRevision.PACKAGE_NAMESPACE) + " <- "
                    + wire.getProvider().getSymbolicName());
        }
        return providers;
    }

    /**
     * The service registered under {@code type}, waiting up to 10 s in case SCR registers it on its own thread; fails
     * when none appears or it does not activate. All references, unfiltered: the system bundle sees the test's class
     * path copy of the API, not the API bundle's classes.
     */
    public Object service(String type) throws Exception {
        BundleContext context = framework.getBundleContext();
        ServiceReference<?>[] references = context.getAllServiceReferences(type, null);
        for (int wait = 0; references == null && wait < 100; wait++) {
            Thread.sleep(100);
            references = context.getAllServiceReferences(type, null);
        }
        if (references == null) {
            throw new AssertionError("no " + type + " service");
        }
        Object service = context.getService(references[0]);
        if (service == null) {
            throw new AssertionError(type + " did not activate");
        }
        return service;
    }

    /**
     * Trains the registered {@code SolutionType} service inside the framework on a CSV table ({@code TabularData.readCsv}
     * of the API bundle) with a training context of these parameters, seed 42 and work directory, appending its log
     * lines to {@code log}; returns the trained model's metrics.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Double> trainTabular(InputStream csv, List<String> labels, String parametersJson,
            Path workDirectory, List<String> log) throws Exception {
        String spi = "io.modelfleet.api.spi.solution.";
        Object solution = service(spi + "SolutionType");
        Class<?> dataType = api.loadClass(spi + "TabularData");
        Class<?> contextType = api.loadClass(spi + "TrainingContext");
        Object data = dataType.getMethod("readCsv", InputStream.class, List.class).invoke(null, csv, labels);
        Object context = trainingContext(contextType, parametersJson, 42L, workDirectory, log);
        Object trained = api.loadClass(spi + "SolutionType").getMethod("train", dataType, contextType)
                .invoke(solution, data, context);
        return (Map<String, Double>) api.loadClass(spi + "TrainedModel").getMethod("metrics").invoke(trained);
    }

    /**
     * A training context for a solution service running in the framework: an instance of {@code contextType} (the
     * API bundle's {@code TrainingContext}) with these parameters, seed and work directory, never cancelled,
     * appending log lines to {@code log}; progress is ignored. {@link RecordingContext} is its counterpart on the
     * test's class path.
     */
    public static Object trainingContext(Class<?> contextType, String parametersJson, long seed, Path workDirectory,
            List<String> log) {
        return Proxy.newProxyInstance(contextType.getClassLoader(), new Class<?>[] { contextType },
                (proxy, method, arguments) -> switch (method.getName()) {
                case "parametersJson" -> parametersJson;
                case "seed" -> seed;
                case "workDirectory" -> workDirectory;
                case "cancelled" -> false;
                case "log" -> log.add((String) arguments[0]);
                case "inputModel" -> Optional.empty();
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == arguments[0];
                case "toString" -> "context";
                default -> null;
                });
    }

    /** Where the test class path has a resource: a jar, or a module's bnd output folder in a reactor build. */
    public static String location(String resource) {
        URL url = FelixHarness.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new AssertionError(resource + " is not on the test class path");
        }
        String text = url.toString();
        if (text.startsWith("jar:")) {
            return text.substring("jar:".length(), text.indexOf("!/"));
        }
        return "reference:" + text.substring(0, text.length() - resource.length());
    }
}
