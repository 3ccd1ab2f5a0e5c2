package io.modelfleet.itests;

import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Hashtable;
import java.util.Map;
import java.util.UUID;

import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

import io.modelfleet.itests.harness.PluginCatalogs;

/**
 * A signed local plugin catalog and the KARs it offers, for the tests of the update center (UpdateCenterIT over REST
 * and the shell, WebConsoleIT in the browser). The test driver writes it with the fleet harness's
 * {@link PluginCatalogs}, as a catalog publisher makes one ({@link #options()} in a {@code @Configuration}); the tests
 * in the container find it where the options say. The plugin is the itests' test plugin (a solution type) with its
 * Bundle-Version set to each release's version.
 */
final class PluginCatalogFixture {
    static final String PLUGIN_BSN = "io.modelfleet.itests.testplugin";
    static final String FEATURE = "modelfleet-itest-echo";
    /** Uploads: the test plugin as 1.5.0, as 1.6.0 importing a package no one exports, a KAR carrying resources/. */
    static final String UPLOAD = "echo-1.5.0.kar";
    static final String UNRESOLVABLE_UPLOAD = "echo-1.6.0-unresolvable.kar";
    static final String RESOURCES_UPLOAD = "resources.kar";
    private static final String FOLDER = "modelfleet.it.catalog";
    private static final String KEY = "modelfleet.it.catalogKey";

    private PluginCatalogFixture() {
    }

    /**
     * In the driver: writes the catalog (plugin "echo", described as answering what it is given, in 9.0.0 for
     * platform [9,10) only, 2.0.0, 1.9.0 whose KAR is not the one signed for, and 1.0.0; plugin "forged" signed by a
     * key the server does not pin) and the KARs the tests upload; the options tell the container where they are and
     * which key to pin.
     */
    static Option[] options() throws IOException, NoSuchAlgorithmException {
        Path folder = Path.of("target", "plugin-catalog-" + UUID.randomUUID()).toAbsolutePath();
        PluginCatalogs catalog = new PluginCatalogs(folder);
        byte[] v1 = PluginCatalogs.testPluginKar(FEATURE, "1.0.0");
        byte[] v2 = PluginCatalogs.testPluginKar(FEATURE, "2.0.0");
        String platform = "[0.1,1)";
        catalog.release("echo", "SOLUTION_TYPE", "Echo", "1.0.0", FEATURE, v1)
                .release("echo", "SOLUTION_TYPE", "Echo", "2.0.0", FEATURE, v2)
                .release("echo", "SOLUTION_TYPE", "Echo", "1.9.0", platform, FEATURE,
                        PluginCatalogs.testPluginKar(FEATURE, "1.9.0"), PluginCatalogs.sha256(v2), null)
                .release("echo", "SOLUTION_TYPE", "Echo", "9.0.0", "[9,10)", FEATURE, v2, PluginCatalogs.sha256(v2), null)
                .describe("echo", "answers what it is given")
                .release("forged", "SOLUTION_TYPE", "Forged", "1.0.0", platform, FEATURE, v1, PluginCatalogs.sha256(v1),
                        KeyPairGenerator.getInstance("Ed25519").generateKeyPair())
                .write();
        Path uploads = Files.createDirectories(folder.resolve("uploads"));
        Files.write(uploads.resolve(UPLOAD), PluginCatalogs.testPluginKar(FEATURE, "1.5.0"));
        Files.write(uploads.resolve(UNRESOLVABLE_UPLOAD), PluginCatalogs.kar(FEATURE, "1.6.0", "io.modelfleet.itest",
                "echo-plugin", PluginCatalogs.unresolvable(PluginCatalogs.withBundleVersion(PluginCatalogs.testPluginJar(), "1.6.0"))));
        Files.write(uploads.resolve(RESOURCES_UPLOAD), PluginCatalogs.zip(Map.of("resources/etc/users.properties",
                "admin = admin".getBytes(StandardCharsets.UTF_8))));
        return new Option[] { systemProperty(FOLDER).value(folder.toString()), systemProperty(KEY).value(catalog.publicKey()) };
    }

    /** In the container: the file of a KAR written for upload. */
    static Path uploadFile(String name) {
        return Path.of(System.getProperty(FOLDER), "uploads", name);
    }

    static byte[] upload(String name) throws IOException {
        return Files.readAllBytes(uploadFile(name));
    }

    /** In the container: points the update center at the catalog, pins its key, and waits until the catalog reads. */
    static void configure(BundleContext context, String bearer) throws Exception {
        ConfigurationAdmin configAdmin = context.getService(context.getServiceReference(ConfigurationAdmin.class));
        configAdmin.getConfiguration("io.modelfleet.update.center", "?").update(new Hashtable<>(Map.of(
                "catalogUrl", System.getProperty(FOLDER),
                "catalogPublicKey", System.getProperty(KEY))));
        for (int i = 0; i < 100; i++) {
            if (ServerTestSupport.get("/api/v1/plugin-catalog", bearer).status() == 200) {
                return;
            }
            Thread.sleep(100);
        }
        fail("the catalog did not become readable: " + ServerTestSupport.get("/api/v1/plugin-catalog", bearer).body());
    }
}
