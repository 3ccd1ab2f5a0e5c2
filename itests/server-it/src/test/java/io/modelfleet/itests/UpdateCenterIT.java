package io.modelfleet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The update center in the real distribution: a signed local catalog offering the test plugin (a solution type) in
 * two versions as KARs built here; installed, updated and removed through REST while requests keep being served,
 * with no other bundle stopped, refreshed or renumbered; releases with a wrong checksum or signature refused; a KAR
 * uploaded; the shell's commands; the errors and roles of the API.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UpdateCenterIT extends ServerTestSupport {
    private static final String PLUGIN_BSN = PluginCatalogFixture.PLUGIN_BSN;
    private static final String FEATURE = PluginCatalogFixture.FEATURE;
    private static boolean configured;
    private String admin;

    @Configuration
    public Option[] config() throws Exception {
        return org.ops4j.pax.exam.CoreOptions.options(org.ops4j.pax.exam.CoreOptions.composite(serverOptions(freshDatabaseUrl())),
                org.ops4j.pax.exam.CoreOptions.composite(PluginCatalogFixture.options()));
    }

    @Before
    public void signedCatalog() throws Exception {
        awaitHealthy();
        admin = login("admin", ADMIN_PASSWORD);
        if (configured) {
            // each test starts with nothing installed through the update center
            for (JsonNode installed : get("/api/v1/plugin-catalog/installed", admin).expect(200).json()) {
                operation(Map.of("action", "UNINSTALL", "plugin", installed.path("id").asText()));
            }
            return;
        }
        PluginCatalogFixture.configure(bundleContext, admin);
        configured = true;
    }

    @Test
    public void pluginsInstallUpdateAndUninstallFromTheCatalogWhileServing() throws Exception {
        JsonNode offered = get("/api/v1/plugin-catalog", admin).expect(200).json();
        JsonNode echo = offered.path("plugins").get(0);
        assertEquals("echo", echo.path("id").asText());
        assertTrue(echo.path("installedVersion").isNull());
        assertEquals("9.0.0", echo.path("versions").get(0).path("version").asText());
        assertFalse(echo.path("versions").get(0).path("compatible").asBoolean());

        Map<Long, String> before = otherBundles();
        List<String> unrelatedEvents = new CopyOnWriteArrayList<>();
        BundleListener watcher = event -> {
            if (!PLUGIN_BSN.equals(event.getBundle().getSymbolicName()) && event.getType() != BundleEvent.INSTALLED) {
                unrelatedEvents.add(event.getBundle().getSymbolicName() + " " + event.getType());
            }
        };
        bundleContext.addBundleListener(watcher);
        AtomicBoolean serving = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        Thread load = new Thread(() -> {
            while (serving.get()) {
                Reply reply = get("/api/v1/plugins", admin);
                if (reply.status() != 200) {
                    failures.add(reply.status() + " " + reply.body());
                }
                served.incrementAndGet();
            }
        });
        load.start();
        try {
            JsonNode installed = operation(Map.of("action", "INSTALL", "plugin", "echo", "version", "1.0.0"));
            assertEquals(installed.toString(), "SUCCEEDED", installed.path("state").asText());
            assertEquals(1.0, installed.path("progress").asDouble(), 0);
            assertEquals("1.0.0", echoBundleVersion());

            JsonNode updated = operation(Map.of("action", "UPDATE", "plugin", "echo"));
            assertEquals(updated.toString(), "SUCCEEDED", updated.path("state").asText());
            assertEquals("2.0.0", updated.path("version").asText());
            assertEquals("1.0.0", updated.path("fromVersion").asText());
            assertEquals("2.0.0", echoBundleVersion());
            assertEquals("2.0.0", get("/api/v1/plugin-catalog", admin).expect(200).json().path("plugins").get(0)
                    .path("installedVersion").asText());
            assertEquals(1, bundles(PLUGIN_BSN).size());

            // the KAR of 1.9.0 is not the one the catalog signed: refused, 2.0.0 still runs
            JsonNode tampered = operation(Map.of("action", "UPDATE", "plugin", "echo", "version", "1.9.0"));
            assertEquals("FAILED", tampered.path("state").asText());
            assertTrue(tampered.path("error").asText(), tampered.path("error").asText().contains("SHA-256"));
            assertEquals("2.0.0", echoBundleVersion());

            JsonNode removed = operation(Map.of("action", "UNINSTALL", "plugin", "echo"));
            assertEquals(removed.toString(), "SUCCEEDED", removed.path("state").asText());
            awaitEcho(false);
            assertTrue(bundles(PLUGIN_BSN).isEmpty());
        } finally {
            serving.set(false);
            load.join();
            bundleContext.removeBundleListener(watcher);
        }
        assertEquals("requests failed while plugins changed", List.of(), failures);
        assertTrue("the load ran", served.get() > 10);
        assertEquals("other bundles were stopped, refreshed or restarted", List.of(), unrelatedEvents);
        assertEquals(before, otherBundles());

        // signed by a key the server does not pin: refused before anything is downloaded
        JsonNode forged = operation(Map.of("action", "INSTALL", "plugin", "forged"));
        assertEquals("FAILED", forged.path("state").asText());
        assertTrue(forged.path("error").asText(), forged.path("error").asText().contains("signature"));
        assertTrue(bundles(PLUGIN_BSN).isEmpty());

        JsonNode audit = get("/api/v1/audit?targetType=plugin&targetId=echo", admin).expect(200).json();
        assertTrue(audit.toString(), audit.toString().contains("from 1.0.0 to 2.0.0"));
    }

    @Test
    public void anUploadedKarInstallsAndTheShellFollowsOperations() throws Exception {
        Reply upload = upload(PluginCatalogFixture.upload(PluginCatalogFixture.UPLOAD), admin);
        upload.expect(202);
        JsonNode done = await(upload.json().path("id").asText());
        assertEquals(done.toString(), "SUCCEEDED", done.path("state").asText());
        assertEquals(FEATURE, done.path("pluginId").asText());
        awaitEcho(true);
        JsonNode installed = get("/api/v1/plugin-catalog/installed", admin).expect(200).json();
        assertEquals("upload", installed.get(0).path("source").asText());

        String table = shell("fleet:plugin-catalog --installed");
        assertTrue(table, table.contains(FEATURE) && table.contains("1.5.0"));

        // a version whose bundle cannot resolve: Karaf refuses it, 1.5.0 keeps running
        Reply broken = upload(PluginCatalogFixture.upload(PluginCatalogFixture.UNRESOLVABLE_UPLOAD), admin).expect(202);
        JsonNode refused = await(broken.json().path("id").asText());
        assertEquals(refused.toString(), "FAILED", refused.path("state").asText());
        assertTrue(refused.path("error").asText(), refused.path("error").asText().contains("io.modelfleet.nowhere")
                && refused.path("error").asText().contains("runs again"));
        assertEquals("1.5.0", echoBundleVersion());

        // the catalog's echo is the same feature: installing it replaces the uploaded one
        String install = shell("fleet:plugin-install --version 1.0.0 echo");
        assertTrue(install, install.contains("updated echo 1.0.0"));
        assertEquals("1.0.0", echoBundleVersion());
        JsonNode now = get("/api/v1/plugin-catalog/installed", admin).expect(200).json();
        assertEquals(now.toString(), 1, now.size());
        assertEquals("catalog", now.get(0).path("source").asText());
        String removal = shell("fleet:plugin-uninstall echo");
        assertTrue(removal, removal.contains("100%") && removal.contains("removed echo"));
        assertTrue(bundles(PLUGIN_BSN).isEmpty());
        assertTrue(shell("fleet:plugin-catalog").contains("Echo"));
        assertTrue(shell("fleet:plugin-catalog --operations").contains("UNINSTALL"));

        // not a KAR, a KAR that would write outside its repository
        upload(new byte[] { 1, 2, 3 }, admin).expectError(400, "invalid_input");
        upload(PluginCatalogFixture.upload(PluginCatalogFixture.RESOURCES_UPLOAD), admin)
                .expectError(400, "invalid_input");
    }

    @Test
    public void theApiSaysWhatIsWrongAndOnlyAdministratorsChangePlugins() throws Exception {
        post("/api/v1/plugin-operations", admin, Map.of("plugin", "echo")).expectError(400, "invalid_input");
        post("/api/v1/plugin-operations", admin, Map.of("action", "INSTALL")).expectError(400, "invalid_input");
        post("/api/v1/plugin-operations", admin, Map.of("action", "INSTALL", "plugin", "nope")).expectError(404, "not_found");
        post("/api/v1/plugin-operations", admin, Map.of("action", "INSTALL", "plugin", "echo", "version", "7.0.0"))
                .expectError(404, "not_found");
        post("/api/v1/plugin-operations", admin, Map.of("action", "INSTALL", "plugin", "echo", "version", "9.0.0"))
                .expectError(400, "invalid_input");
        post("/api/v1/plugin-operations", admin, Map.of("action", "UNINSTALL", "plugin", "echo")).expectError(404, "not_found");
        get("/api/v1/plugin-operations/unknown", admin).expectError(404, "not_found");
        post("/api/v1/users", admin, Map.of("username", "uc-viewer", "password", "viewer-password-1", "role", "VIEWER"))
                .expect(201);
        String viewer = login("uc-viewer", "viewer-password-1");
        get("/api/v1/plugin-catalog", viewer).expect(200);
        post("/api/v1/plugin-operations", viewer, Map.of("action", "INSTALL", "plugin", "echo")).expectError(403, "forbidden");
        upload(PluginCatalogFixture.upload(PluginCatalogFixture.UPLOAD), viewer).expectError(403, "forbidden");
        get("/api/v1/plugin-catalog", null).expectError(401, "unauthenticated");
    }

    private JsonNode operation(Map<String, Object> request) throws InterruptedException {
        Reply started = post("/api/v1/plugin-operations", admin, request).expect(202);
        assertTrue(started.headers().firstValue("Location").orElse("").endsWith(started.json().path("id").asText()));
        return await(started.json().path("id").asText());
    }

    private JsonNode await(String id) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            JsonNode operation = get("/api/v1/plugin-operations/" + id, admin).expect(200).json();
            if (operation.path("state").asText().equals("SUCCEEDED") || operation.path("state").asText().equals("FAILED")) {
                return operation;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("operation " + id + " did not finish");
    }

    private String echoBundleVersion() throws InterruptedException {
        awaitEcho(true);
        List<Bundle> echo = bundles(PLUGIN_BSN);
        assertEquals(1, echo.size());
        assertEquals(Bundle.ACTIVE, echo.get(0).getState());
        return echo.get(0).getVersion().toString();
    }

    private void awaitEcho(boolean present) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (get("/api/v1/plugins?kind=SOLUTION_TYPE", admin).expect(200).body().contains("\"itest-echo\"") == present) {
                return;
            }
            Thread.sleep(50);
        }
        fail("the echo solution is " + (present ? "not listed" : "still listed"));
    }

    private List<Bundle> bundles(String symbolicName) {
        List<Bundle> found = new ArrayList<>();
        for (Bundle bundle : bundleContext.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                found.add(bundle);
            }
        }
        return found;
    }

    /** Every bundle but the plugin's: id, name, state and when it was last changed. */
    private Map<Long, String> otherBundles() {
        Map<Long, String> bundles = new TreeMap<>();
        for (Bundle bundle : bundleContext.getBundles()) {
            if (!PLUGIN_BSN.equals(bundle.getSymbolicName())) {
                bundles.put(bundle.getBundleId(), bundle.getSymbolicName() + " " + bundle.getState() + " " + bundle.getLastModified());
            }
        }
        return bundles;
    }

    private static Reply upload(byte[] kar, String bearer) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(baseUrl() + "/api/v1/plugin-operations?fileName=echo.kar")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/vnd.karaf.kar")
                .POST(HttpRequest.BodyPublishers.ofByteArray(kar)).build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(), response.headers());
    }
}
