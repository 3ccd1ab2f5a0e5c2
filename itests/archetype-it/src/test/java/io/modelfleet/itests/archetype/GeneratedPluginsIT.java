package io.modelfleet.itests.archetype;

import static io.modelfleet.itests.harness.Processes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.modelfleet.itests.harness.Api;
import io.modelfleet.itests.harness.EdgeResultLoad;
import io.modelfleet.itests.harness.FleetServer;
import io.modelfleet.itests.harness.PluginCatalogs;
import io.modelfleet.itests.harness.Processes;
import io.modelfleet.itests.harness.SshConsole;

/**
 * What docs/plugins.md tells plugin authors, end to end: a data source and a solution are generated from the installed
 * archetypes and built with Maven offline (versions 1.0.0 and 2.0.0), published in a signed catalog, and installed
 * into the server distribution (a process on MariaDB) through {@code POST /api/v1/plugin-operations} while edges send
 * results, a console-like client keeps asking and the web console stays open on the Plugins page: no request, result
 * batch or console poll may fail, and no other bundle may change id or state ({@code bundle:list} over SSH) nor the
 * plugin registry be registered anew (a refresh would do both). The data source gets an instance through
 * {@code POST /api/v1/plugin-instances}, the console's import form renders its schema's options (Chromium) and it
 * imports CSV files into a dataset; the solution trains a stream on it. Both are updated to 2.0.0 through the catalog
 * (the solution trains again, the source imports again with its instance kept), then both are uninstalled.
 */
class GeneratedPluginsIT {
    private static final String ARCHETYPE_PLUGIN = "org.apache.maven.plugins:maven-archetype-plugin:"
            + System.getProperty("archetype.plugin.version", "3.3.1");
    private static final String SOURCE_PACKAGE = "com.example.it.source";

    private Api api;

    @Test
    void generatedPluginsAreBuiltInstalledUsedUpdatedAndRemovedWhileTheServerServes() throws Exception {
        Path work = Path.of(System.getProperty("modelfleet.work.dir", "target/archetype-it")).toAbsolutePath();
        if (Files.exists(work)) {
            Processes.run(List.of("rm", "-rf", work.toString()));
        }
        Path projects = Files.createDirectories(work.resolve("projects"));
        Path buildLog = work.resolve("maven.log");

        // the author's steps: generate, build the KAR (the archetypes' own integration tests ran the projects' tests)
        generate(projects, buildLog, "data-source", "it-source", SOURCE_PACKAGE, "source-it");
        generate(projects, buildLog, "solution", "it-solution", "com.example.it.solution", "solution-it");
        // version 2: the same projects with another version, as an author releases them
        Path source2 = secondVersion(projects, "it-source");
        Path solution2 = secondVersion(projects, "it-solution");
        byte[] sourceKar = build(projects.resolve("it-source"), buildLog, "it-source-1.0.0.kar");
        byte[] sourceKar2 = build(source2, buildLog, "it-source-2.0.0.kar");
        byte[] solutionKar1 = build(projects.resolve("it-solution"), buildLog, "it-solution-1.0.0.kar");
        byte[] solutionKar2 = build(solution2, buildLog, "it-solution-2.0.0.kar");

        PluginCatalogs catalog = new PluginCatalogs(work.resolve("catalog"));
        String solutionName = "Logistic regression (generated)";
        catalog.release("source-it", "DATA_SOURCE", "CSV folder (generated)", "1.0.0", "modelfleet-source-it",
                sourceKar);
        catalog.release("source-it", "DATA_SOURCE", "CSV folder (generated)", "2.0.0", "modelfleet-source-it",
                sourceKar2);
        catalog.release("solution-it", "SOLUTION_TYPE", solutionName, "1.0.0", "modelfleet-solution-it", solutionKar1);
        catalog.release("solution-it", "SOLUTION_TYPE", solutionName, "2.0.0", "modelfleet-solution-it", solutionKar2);
        catalog.write();
        Path csv = Files.createDirectories(work.resolve("csv"));
        Files.writeString(csv.resolve("clusters-1.csv"), clustersCsv(40, 1));
        Files.writeString(csv.resolve("clusters-2.csv"), clustersCsv(40, 2));
        Files.writeString(csv.resolve("notes.txt"), "not imported");

        try (FleetServer server = new FleetServer(work, "mf_it_archetype_")) {
            server.start();
            api = server.api();
            Files.writeString(server.home().resolve("etc/io.modelfleet.update.center.cfg"), "catalogUrl = "
                    + catalog.folder().toAbsolutePath() + "\ncatalogPublicKey = " + catalog.publicKey() + "\n");
            await(Duration.ofSeconds(30), "the catalog", () -> api.get("/api/v1/plugin-catalog").status() == 200);
            // the new update center configuration re-registered the REST resources: from here on nothing may fail
            await(Duration.ofSeconds(30), "every resource the load asks", () -> Load.PATHS.stream()
                    .allMatch(path -> api.get(path).status() == 200));

            // edges keep sending results and a console-like client keeps asking while plugins come and go
            List<String> edges = EdgeResultLoad.enroll(server, 4);
            AtomicBoolean finished = new AtomicBoolean();
            CompletableFuture<EdgeResultLoad.Step> results = CompletableFuture.supplyAsync(() -> {
                try {
                    return EdgeResultLoad.run(server, edges, Duration.ofMinutes(10), null, finished::get);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // and the web console stays open on the Plugins page, which must show them come and go without an error
            Path stopConsole = work.resolve("stop-console");
            Process watching = consoleScript(server, work, Map.of("PHASE", "watch", "STOP_FILE", stopConsole.toString(),
                    "EXPECT_SEEN", "it-csv,solution-it"));
            SshConsole console = new SshConsole(server.sshPort());
            List<String> othersBefore = otherBundles(console);
            String registryBefore = registryService(console);
            Load load = new Load(server.url());
            load.start();
            try {
                operate(Map.of("action", "INSTALL", "plugin", "source-it", "version", "1.0.0"));
                operate(Map.of("action", "INSTALL", "plugin", "solution-it", "version", "1.0.0"));
                await(Duration.ofSeconds(30), "the generated solution in /plugins",
                        () -> "1.0.0".equals(solutionBundleVersion()));
                assertEquals(othersBefore, otherBundles(console), "other bundles changed id or state");

                // the data source: an instance from its metatype form, then an import of the folder's CSV files
                await(Duration.ofSeconds(30), "the data source's plugin type",
                        () -> api.get("/api/v1/plugin-types").body().toString().contains(SOURCE_PACKAGE));
                Api.Reply instance = api.send("POST", "/api/v1/plugin-instances", Map.of("factoryPid", SOURCE_PACKAGE,
                        "values", Map.of("id", "it-csv", "folder", csv.toString())));
                assertEquals(201, instance.status(), instance.toString());
                await(Duration.ofSeconds(30), "the instance as a dataset source",
                        () -> api.get("/api/v1/dataset-sources").body().toString().contains("\"it-csv\""));
                assertTrue(listed("DATA_SOURCE", "it-csv", "io.modelfleet.plugin.source-it", "1.0.0"),
                        api.get("/api/v1/plugins?kind=DATA_SOURCE").body().toString());
                long datasetId = dataset("it-clusters");
                // the import form renders the new source's options from the schema it declares
                Process form = consoleScript(server, work, Map.of("PHASE", "form", "DATASET_NAME", "it-clusters",
                        "SOURCE", "it-csv", "FIELDS", "glob,labelColumn,keyColumn", "TITLES", "Files|Label column|Key column"));
                assertEquals(0, finish(form, work), "the import form, see " + work.resolve("console.log"));
                long versionId = importedDatasetVersion(datasetId);

                // the solution trains a stream on it, as version 1 and, after the update, as version 2
                long streamId = stream(versionId);
                train(streamId);
                operate(Map.of("action", "UPDATE", "plugin", "solution-it", "version", "2.0.0"));
                await(Duration.ofSeconds(30), "version 2 in /plugins", () -> "2.0.0".equals(solutionBundleVersion()));
                assertEquals(othersBefore, otherBundles(console), "other bundles changed id or state");
                train(streamId);

                // version 2 of the data source keeps its instance (the configuration outlives the bundle) and imports
                operate(Map.of("action", "UPDATE", "plugin", "source-it", "version", "2.0.0"));
                await(Duration.ofSeconds(30), "version 2 of the source in /plugins",
                        () -> listed("DATA_SOURCE", "it-csv", "io.modelfleet.plugin.source-it", "2.0.0"));
                assertEquals(othersBefore, otherBundles(console), "other bundles changed id or state");
                importedDatasetVersion(dataset("it-clusters-2"));

                operate(Map.of("action", "UNINSTALL", "plugin", "solution-it"));
                operate(Map.of("action", "UNINSTALL", "plugin", "source-it"));
                await(Duration.ofSeconds(30), "both plugins gone", () -> solutionBundleVersion() == null
                        && !api.get("/api/v1/dataset-sources").body().toString().contains("\"it-csv\""));
            } finally {
                load.finish();
                finished.set(true);
                Files.writeString(stopConsole, "stop");
            }
            assertEquals(0, finish(watching, work), "the open console, see " + work.resolve("console.log"));
            EdgeResultLoad.Step sent = results.get();
            // no other bundle was refreshed: same ids and states, and the plugin registry was never re-registered
            assertEquals(othersBefore, otherBundles(console), "other bundles changed id or state");
            assertEquals(registryBefore, registryService(console), "the plugin registry was registered anew");
            console.close();
            System.out.printf("load while plugins came and went: %d console requests, %d failed; %d result batches, "
                    + "%d failed, %d shed%n", load.requests.get(), load.failures.size(), sent.batches(), sent.failed(),
                    sent.refused());
            assertEquals(List.of(), load.failures, "requests that failed while plugins came and went");
            assertTrue(load.requests.get() > 100, "only " + load.requests.get() + " requests were sent");
            assertEquals(List.of(), sent.failures(), "result batches that failed while plugins came and went");
            assertTrue(sent.batches() > 10, "only " + sent.batches() + " result batches were sent");
        }
    }

    private static void generate(Path projects, Path log, String archetype, String artifactId, String pkg,
            String pluginId) throws Exception {
        mvn(projects, log, ARCHETYPE_PLUGIN + ":generate", "-DinteractiveMode=false",
                "-DarchetypeGroupId=io.modelfleet", "-DarchetypeArtifactId=modelfleet-archetype-" + archetype,
                "-DarchetypeVersion=" + Processes.version(), "-DgroupId=com.example.it", "-DartifactId=" + artifactId,
                "-Dversion=1.0.0", "-Dpackage=" + pkg, "-DpluginId=" + pluginId);
    }

    /** {@code mvn package} of a generated project; the KAR it wrote, checked for what the update center accepts. */
    private static byte[] build(Path project, Path log, String kar) throws Exception {
        mvn(project, log, "package", "-DskipTests");
        Path file = project.resolve("target").resolve(kar);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<String> outside = zip.stream().map(entry -> entry.getName())
                    .filter(name -> !name.startsWith("META-INF/") && !name.startsWith("repository/")).toList();
            assertEquals(List.of(), outside, kar + " holds more than META-INF/ and repository/");
        }
        return Files.readAllBytes(file);
    }

    private static void mvn(Path directory, Path log, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("mvn", "-o", "-q", "-B",
                "-Dmaven.repo.local=" + Processes.localRepository()));
        command.addAll(List.of(arguments));
        Files.writeString(log, "\n$ (" + directory + ") " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command + ", see " + log);
        }
        assertEquals(0, process.exitValue(), command + " failed, see " + log);
    }

    private static void copy(Path from, Path to) throws IOException, InterruptedException {
        Processes.run(List.of("cp", "-r", from.toString(), to.toString()));
    }

    /** Two well separated classes; the label column is named kind, as the import's option says. */
    private static String clustersCsv(int rows, long seed) {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("kind,x,y\n");
        for (int i = 0; i < rows; i++) {
            double centre = i % 2 == 0 ? 0 : 5;
            csv.append(i % 2 == 0 ? "low" : "high").append(String.format(Locale.ROOT, ",%.4f,%.4f%n",
                    centre + random.nextGaussian() * 0.6, centre + random.nextGaussian() * 0.6));
        }
        return csv.toString();
    }

    private long dataset(String name) {
        Api.Reply created = api.send("POST", "/api/v1/datasets", Map.of("name", name, "kind", "TABULAR",
                "columns", List.of("x", "y"), "labels", List.of("low", "high")));
        assertEquals(201, created.status(), created.toString());
        return created.body().get("id").asLong();
    }

    private long importedDatasetVersion(long id) throws InterruptedException {
        Api.Reply started = api.send("POST", "/api/v1/datasets/" + id + "/imports",
                Map.of("source", "it-csv", "options", Map.of("glob", "clusters-*.csv", "labelColumn", "kind")));
        assertEquals(202, started.status(), started.toString());
        long job = started.body().get("id").asLong();
        await(Duration.ofSeconds(60), "import " + job, () -> api.get("/api/v1/imports/" + job).body().get("state")
                .asText().matches("SUCCEEDED|FAILED|CANCELLED"));
        JsonNode done = api.get("/api/v1/imports/" + job).body();
        assertEquals("SUCCEEDED", done.get("state").asText(), done.toString());
        assertEquals(80, done.get("imported").asLong(), done.toString());
        Api.Reply version = api.send("POST", "/api/v1/datasets/" + id + "/versions", Map.of());
        assertEquals(201, version.status(), version.toString());
        return version.body().get("id").asLong();
    }

    private long stream(long datasetVersionId) {
        Api.Reply created = api.send("POST", "/api/v1/streams", Map.of("name", "it-generated", "solutionId",
                "solution-it", "datasetVersionId", datasetVersionId, "backendId", "local",
                "parameters", Map.of("epochs", 20)));
        assertEquals(201, created.status(), created.toString());
        return created.body().get("id").asLong();
    }

    private void train(long streamId) throws InterruptedException {
        Api.Reply queued = api.send("POST", "/api/v1/streams/" + streamId + "/train", Map.of());
        assertEquals(202, queued.status(), queued.toString());
        long runId = queued.body().get("id").asLong();
        await(Duration.ofMinutes(2), "training run " + runId, () -> api.get("/api/v1/training-runs/" + runId).body()
                .get("state").asText().matches("SUCCEEDED|FAILED|CANCELLED"));
        JsonNode run = api.get("/api/v1/training-runs/" + runId).body();
        assertEquals("SUCCEEDED", run.get("state").asText(), run.toString());
        assertTrue(run.get("metrics").get("accuracy").asDouble() > 0.9, run.toString());
    }

    /** Every bundle but the generated plugins', as {@code bundle:list} shows them: id, state, level, version, name. */
    private static List<String> otherBundles(SshConsole console) throws IOException {
        SshConsole.Outcome listed = console.run("admin", FleetServer.ADMIN_PASSWORD, "bundle:list -t 0 -s --no-format");
        assertEquals(0, listed.exit(), listed.out());
        List<String> others = listed.out().lines().filter(line -> line.matches("\\s*\\d+\\s.*"))
                .filter(line -> !line.contains("io.modelfleet.plugin.source-it") && !line.contains("io.modelfleet.plugin.solution-it"))
                .map(String::strip).toList();
        assertTrue(others.size() > 20, listed.out());
        return others;
    }

    /** The plugin registry's service id: a refresh of the core bundle would register it anew under another. */
    private static String registryService(SshConsole console) throws IOException {
        SshConsole.Outcome listed = console.run("admin", FleetServer.ADMIN_PASSWORD,
                "service:list io.modelfleet.api.plugin.PluginRegistry");
        String id = listed.out().lines().filter(line -> line.strip().startsWith("service.id")).findFirst().orElse("");
        assertTrue(!id.isEmpty(), listed.out());
        return id.strip();
    }

    /** Starts a browser script of bundles/web/e2e (Debian's Chromium) against the server; its output goes to console.log. */
    private static Process consoleScript(FleetServer server, Path work, Map<String, String> env) throws IOException {
        ProcessBuilder node = new ProcessBuilder("node", "e2e/generatedPlugins.e2e.mjs")
                .directory(Path.of(System.getProperty("modelfleet.web.dir")).toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("console.log").toFile()));
        node.environment().put("BASE_URL", server.url());
        node.environment().put("ADMIN_PASSWORD", FleetServer.ADMIN_PASSWORD);
        node.environment().put("SCREENSHOT_DIR", work.resolve("screenshots").toString());
        node.environment().putAll(env);
        return node.start();
    }

    private static int finish(Process script, Path work) throws InterruptedException {
        if (!script.waitFor(3, TimeUnit.MINUTES)) {
            script.destroyForcibly();
            throw new AssertionError("a browser script did not end, see " + work.resolve("console.log"));
        }
        return script.exitValue();
    }

    /** The bundle version of the generated solution as /plugins lists it, or null. */
    private String solutionBundleVersion() {
        for (JsonNode plugin : api.get("/api/v1/plugins?kind=SOLUTION_TYPE").body()) {
            if (plugin.path("id").asText().equals("solution-it")) {
                assertEquals("io.modelfleet.plugin.solution-it", plugin.path("bundleSymbolicName").asText());
                return plugin.path("bundleVersion").asText();
            }
        }
        return null;
    }

    /** Whether /plugins lists plugin {@code id} of this kind from this bundle in this version. */
    private boolean listed(String kind, String id, String bundle, String bundleVersion) {
        for (JsonNode plugin : api.get("/api/v1/plugins?kind=" + kind).body()) {
            if (plugin.path("id").asText().equals(id)) {
                return plugin.path("bundleSymbolicName").asText().equals(bundle)
                        && plugin.path("bundleVersion").asText().equals(bundleVersion);
            }
        }
        return false;
    }

    /** A copy of a generated project as version 2.0.0. */
    private static Path secondVersion(Path projects, String artifactId) throws IOException, InterruptedException {
        Path copy = projects.resolve(artifactId + "-2");
        copy(projects.resolve(artifactId), copy);
        Path pom = copy.resolve("pom.xml");
        Files.writeString(pom, Files.readString(pom).replaceFirst("<version>1\\.0\\.0</version>", "<version>2.0.0</version>"));
        return copy;
    }

    /** Starts an operation and waits for it to succeed. */
    private void operate(Map<String, Object> request) throws InterruptedException {
        Api.Reply started = api.send("POST", "/api/v1/plugin-operations", request);
        assertEquals(202, started.status(), request + ": " + started);
        String id = started.body().path("id").asText();
        await(Duration.ofMinutes(2), "operation " + request, () -> api.get("/api/v1/plugin-operations/" + id).body()
                .path("state").asText().matches("SUCCEEDED|FAILED"));
        JsonNode operation = api.get("/api/v1/plugin-operations/" + id).body();
        assertEquals("SUCCEEDED", operation.path("state").asText(), operation.toString());
    }

    /** A console-like client on its own session asking one thing after another; every non-2xx answer is a failure. */
    private static final class Load extends Thread {
        private static final List<String> PATHS = List.of("/api/v1/plugins", "/api/v1/datasets", "/api/v1/streams",
                "/api/v1/health");
        final List<String> failures = new CopyOnWriteArrayList<>();
        final AtomicLong requests = new AtomicLong();
        private final AtomicBoolean done = new AtomicBoolean();
        private final Api client;

        Load(String url) {
            super("load");
            client = new Api(url);
            client.login("admin", FleetServer.ADMIN_PASSWORD);
        }

        @Override
        public void run() {
            for (int i = 0; !done.get(); i++) {
                String path = PATHS.get(i % PATHS.size());
                try {
                    Api.Reply reply = client.get(path);
                    if (reply.status() / 100 != 2 && failures.size() < 20) {
                        failures.add(path + ": " + reply.status() + " " + reply.body());
                    }
                } catch (RuntimeException e) {
                    if (failures.size() < 20) {
                        failures.add(path + ": " + e);
                    }
                }
                requests.incrementAndGet();
            }
        }

        void finish() throws InterruptedException {
            done.set(true);
            join(60_000);
        }
    }
}
