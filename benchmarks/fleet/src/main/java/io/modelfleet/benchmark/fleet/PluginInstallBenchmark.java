package io.modelfleet.benchmark.fleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

import io.modelfleet.itests.harness.Api;
import io.modelfleet.itests.harness.EdgeResultLoad;
import io.modelfleet.itests.harness.FleetServer;
import io.modelfleet.itests.harness.PluginCatalogs;
import io.modelfleet.itests.harness.Processes;

/**
 * Plugin install, update and removal under load. The built server on a fresh MariaDB schema reads a signed local
 * catalog offering the test plugin (a solution type) in {@code versions} versions. While {@code senders} edges send
 * result batches back to back and a console-style client polls the plugin list, the plugin is installed (1.0.0),
 * updated through every version and removed, each step timed from the request to (a) its operation SUCCEEDED and
 * (b) the plugin serving: listed by {@code /plugins} with the new bundle version (or gone). Every answer other than
 * 200 (429/503 sheds counted apart) is a failure.
 * <p>
 * Usage: {@code java -cp ... PluginInstallBenchmark [versions] [senders] [features.cfg settings, e.g.
 * serviceRequirements=disable]}: the last, comma-separated, are added to Karaf's etc/org.apache.karaf.features.cfg to
 * compare how FeaturesService settings change the time.
 */
public final class PluginInstallBenchmark {
    private static final String FEATURE = "modelfleet-itest-echo";

    public static void main(String[] args) throws Exception {
        int versions = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int senders = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        String featuresSettings = args.length > 2 ? args[2] : "";
        Path work = Path.of("target/plugin-benchmark");
        if (Files.exists(work)) {
            Processes.run(List.of("rm", "-rf", work.toString()));
        }
        PluginCatalogs catalog = new PluginCatalogs(work.resolve("catalog"));
        for (int v = 1; v <= versions; v++) {
            catalog.release("echo", "SOLUTION_TYPE", "Echo", v + ".0.0", FEATURE, PluginCatalogs.testPluginKar(FEATURE, v + ".0.0"));
        }
        catalog.write();
        try (FleetServer server = new FleetServer(Files.createDirectories(work), "mf_bench_plugins_")) {
            if (!featuresSettings.isBlank()) {
                Files.writeString(server.home().resolve("etc/org.apache.karaf.features.cfg"),
                        "\n" + featuresSettings.replace(',', '\n') + "\n", java.nio.file.StandardOpenOption.APPEND);
            }
            server.start();
            Api api = server.api();
            Files.writeString(server.home().resolve("etc/io.modelfleet.update.center.cfg"), "catalogUrl = "
                    + catalog.folder().toAbsolutePath() + "\ncatalogPublicKey = " + catalog.publicKey() + "\n");
            Processes.await(Duration.ofSeconds(30), "the catalog", () -> api.get("/api/v1/plugin-catalog").status() == 200);
            List<String> edges = EdgeResultLoad.enroll(server, senders);

            AtomicBoolean done = new AtomicBoolean();
            CompletableFuture<EdgeResultLoad.Step> load = CompletableFuture.supplyAsync(() -> {
                try {
                    return EdgeResultLoad.run(server, edges, Duration.ofHours(1), null, done::get);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            AtomicLong polls = new AtomicLong();
            List<String> pollFailures = new CopyOnWriteArrayList<>();
            Api console = server.api();
            CompletableFuture<Void> poller = CompletableFuture.runAsync(() -> {
                while (!done.get()) {
                    Api.Reply reply = console.get("/api/v1/plugins");
                    polls.incrementAndGet();
                    if (reply.status() != 200 && pollFailures.size() < 5) {
                        pollFailures.add(reply.status() + " " + reply.body());
                    }
                }
            });
            Thread.sleep(5_000); // the load reaches its steady state

            List<Double> toDone = new ArrayList<>();
            List<Double> toServing = new ArrayList<>();
            Timing install = step(api, Map.of("action", "INSTALL", "plugin", "echo", "version", "1.0.0"), "1.0.0");
            System.out.printf("install 1.0.0: operation done %.0f ms, serving %.0f ms%n", install.doneMs, install.servingMs);
            for (int v = 2; v <= versions; v++) {
                Timing update = step(api, Map.of("action", "UPDATE", "plugin", "echo", "version", v + ".0.0"), v + ".0.0");
                toDone.add(update.doneMs);
                toServing.add(update.servingMs);
                System.out.printf("update to %d.0.0: operation done %.0f ms, serving %.0f ms%n", v, update.doneMs, update.servingMs);
            }
            Timing removal = step(api, Map.of("action", "UNINSTALL", "plugin", "echo"), null);
            System.out.printf("uninstall: operation done %.0f ms, gone %.0f ms%n", removal.doneMs, removal.servingMs);
            Thread.sleep(2_000);
            done.set(true);
            EdgeResultLoad.Step step = load.get();
            poller.get();
            Collections.sort(toDone);
            Collections.sort(toServing);
            System.out.printf("updates (%d): operation done p50 %.0f ms max %.0f ms; serving p50 %.0f ms max %.0f ms%n",
                    toDone.size(), median(toDone), toDone.get(toDone.size() - 1), median(toServing),
                    toServing.get(toServing.size() - 1));
            System.out.printf("load meanwhile: %d result batches (%.0f results/s, p99 %.1f ms), %d shed, %d failed %s; "
                    + "%d plugin-list polls, %d failed %s%n", step.batches(), step.resultsPerSecond(), step.p(0.99),
                    step.refused(), step.failed(), step.failures(), polls.get(), pollFailures.size(), pollFailures);
        }
    }

    private record Timing(double doneMs, double servingMs) {
    }

    /** Starts an operation and times it to SUCCEEDED and to the plugin list showing {@code version} (null: gone). */
    private static Timing step(Api api, Map<String, Object> request, String version) throws InterruptedException {
        long start = System.nanoTime();
        Api.Reply started = api.send("POST", "/api/v1/plugin-operations", request);
        if (started.status() != 202) {
            throw new IllegalStateException("refused: " + started.status() + " " + started.body());
        }
        String id = started.body().path("id").asText();
        double doneMs = -1;
        double servingMs = -1;
        while (doneMs < 0 || servingMs < 0) {
            if (System.nanoTime() - start > Duration.ofMinutes(2).toNanos()) {
                throw new IllegalStateException("operation " + id + " did not finish: " + api.get("/api/v1/plugin-operations/" + id).body());
            }
            if (doneMs < 0) {
                JsonNode operation = api.get("/api/v1/plugin-operations/" + id).body();
                if (operation.path("state").asText().equals("FAILED")) {
                    throw new IllegalStateException("operation failed: " + operation);
                }
                if (operation.path("state").asText().equals("SUCCEEDED")) {
                    doneMs = (System.nanoTime() - start) / 1e6;
                }
            }
            if (servingMs < 0 && serving(api, version)) {
                servingMs = (System.nanoTime() - start) / 1e6;
            }
            Thread.sleep(5);
        }
        return new Timing(doneMs, servingMs);
    }

    private static boolean serving(Api api, String version) {
        for (JsonNode plugin : api.get("/api/v1/plugins?kind=SOLUTION_TYPE").body()) {
            if (plugin.path("bundleSymbolicName").asText().equals(PluginCatalogs.TEST_PLUGIN_BSN)) {
                return version != null && plugin.path("bundleVersion").asText().equals(version);
            }
        }
        return version == null;
    }

    private static double median(List<Double> sorted) {
        return sorted.get(sorted.size() / 2);
    }
}
