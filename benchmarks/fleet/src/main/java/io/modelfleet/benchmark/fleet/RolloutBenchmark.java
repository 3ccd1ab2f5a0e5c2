package io.modelfleet.benchmark.fleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.modelfleet.itests.harness.Api;
import io.modelfleet.itests.harness.FleetServer;
import io.modelfleet.itests.harness.Processes;
import io.modelfleet.itests.harness.TcpProxy;
import io.modelfleet.itests.onnx.OnnxModels;

/**
 * A rollout to a simulated fleet: the built server and {@code modelfleet-agent simulate --count N} (every identity
 * enrolls, heartbeats, fetches its signed desired state, downloads and verifies the artifact, loads it and reports,
 * as a real agent does; they share one ONNX session per artifact). The fleet first runs version 1 everywhere; then a
 * rollout of version 2 with the given waves and no soak is timed from its creation to 100 % ACTIVE, with the server's
 * CPU time and the requests it answered meanwhile. Then one agent downloads a large model through a connection that
 * is cut half-way, and resumes.
 * <p>
 * Usage: {@code java -cp ... RolloutBenchmark [agents] [waves, e.g. 1%,10%,100%] [heartbeatSeconds]}.
 */
public final class RolloutBenchmark {
    private static final int FEATURES = 16;
    private static final int CLASSES = 4;

    public static void main(String[] args) throws Exception {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        String waves = args.length > 1 ? args[1] : "1%,10%,100%";
        int heartbeatSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;

        byte[] first = OnnxModels.linearClassifier(OnnxModels.randomWeights(FEATURES, CLASSES, 1), new float[CLASSES]);
        byte[] second = OnnxModels.linearClassifier(OnnxModels.randomWeights(FEATURES, CLASSES, 2), new float[CLASSES]);
        Path work = Path.of("target/rollout-benchmark");
        if (Files.exists(work)) {
            Processes.run(List.of("rm", "-rf", work.toString()));
        }
        try (FleetServer server = new FleetServer(work, "mf_bench_rollout_")) {
            server.start();
            Api api = server.api();
            long v1 = FleetBenchmark.upload(api, first);
            long v2 = FleetBenchmark.upload(api, second);
            Path agentHome = Processes.unpack("modelfleet-edge-agent", work.resolve("agent"));
            Path cfg = agentHome.resolve("etc/io.modelfleet.agent.cfg");
            Files.writeString(cfg, Files.readString(cfg)
                    .replaceAll("(?m)^heartbeatSeconds\\s*=.*$", "heartbeatSeconds = " + heartbeatSeconds)
                    .replaceAll("(?m)^pollSeconds\\s*=.*$", "pollSeconds = 300"));
            Process sim = Processes.start(List.of(agentHome.resolve("bin/modelfleet-agent").toString(), "simulate",
                    "--count", Integer.toString(agents), "--rate", "0", "--server", server.url(),
                    "--token", FleetBenchmark.token(api, agents), "--data", work.resolve("sim-data").toString(),
                    "--name", "sim"), agentHome, Map.of("JAVA_OPTS", "-Xmx2g"), work.resolve("sim.log"));
            long enrolling = System.nanoTime();
            List<Long> edges = FleetBenchmark.approveAll(api, agents);
            System.out.printf("%d agents enrolled and approved in %.0f s%n", agents, (System.nanoTime() - enrolling) / 1e9);

            long initial = rollout(api, v1, edges, List.of(Map.of("percent", 100)));
            long settling = System.nanoTime();
            awaitSucceeded(api, initial, Duration.ofMinutes(15), null);
            System.out.printf("version 1 on every agent (one wave) after %.0f s%n", (System.nanoTime() - settling) / 1e9);
            Thread.sleep(15_000); // a steady state: heartbeats only

            List<Map<String, Object>> plan = new ArrayList<>();
            for (String wave : waves.split(",")) {
                plan.add(wave.endsWith("%") ? Map.of("percent", Double.parseDouble(wave.substring(0, wave.length() - 1)))
                        : Map.of("edges", Integer.parseInt(wave)));
            }
            long cpu0 = cpuTicks(server.pid());
            double requests0 = requests(api);
            long t0 = System.nanoTime();
            long id = rollout(api, v2, edges, plan);
            Map<Integer, Double> waveDone = new LinkedHashMap<>();
            awaitSucceeded(api, id, Duration.ofMinutes(15), (rollout, seconds) -> {
                for (JsonNode wave : rollout.get("waves")) {
                    int number = wave.get("number").asInt();
                    if (!wave.get("finishedAt").isNull() && !waveDone.containsKey(number)) {
                        waveDone.put(number, seconds);
                    }
                }
            });
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (cpuTicks(server.pid()) - cpu0) / 100.0; // USER_HZ
            double requests = requests(api) - requests0;
            System.out.printf("rollout of version 2 to %d agents in waves %s, no soak:%n", agents, waves);
            System.out.printf("  100 %% ACTIVE after %.1f s (waves judged at %s s)%n", seconds, waveDone.values());
            System.out.printf("  server CPU %.1f s (%.2f cores on average), %.0f requests answered (%.0f/s)%n", cpuSeconds,
                    cpuSeconds / seconds, requests, requests / seconds);
            System.out.printf("  simulator RSS %.0f MiB, server RSS %.0f MiB%n", FleetBenchmark.rssKb(FleetBenchmark.javaPid(sim)) / 1024.0,
                    FleetBenchmark.rssKb(server.pid()) / 1024.0);
            Processes.stop(sim);

            resumedDownload(server, api, agentHome, work);
        }
    }

    /**
     * One agent behind a proxy that cuts its connection once 16 MiB of a 64 MiB model went through: the time from
     * the rollout to ACTIVE and the bytes that crossed the proxy for it (a resumed download moves the model about
     * once; a restarted one would move 80 MiB).
     */
    private static void resumedDownload(FleetServer server, Api api, Path agentHome, Path work) throws Exception {
        int size = 64 * 1024 * 1024;
        long large = FleetBenchmark.upload(api, OnnxModels.paddedClassifier(OnnxModels.randomWeights(FEATURES, CLASSES, 3),
                new float[CLASSES], size, 3));
        int serverPort = Integer.parseInt(server.url().substring(server.url().lastIndexOf(':') + 1));
        try (TcpProxy proxy = new TcpProxy(serverPort)) {
            Process agent = Processes.start(List.of(agentHome.resolve("bin/modelfleet-agent").toString(), "run",
                    "--server", proxy.url(), "--token", FleetBenchmark.token(api, 1), "--data",
                    work.resolve("resume-data").toString(), "--http-port", "-1", "--name", "resume"), agentHome, Map.of(),
                    work.resolve("resume.log"));
            try {
                List<Long> edge = FleetBenchmark.approveAll(api, 1);
                Thread.sleep(5_000); // enrolled, approved and heartbeating through the proxy
                long before = proxy.downstreamBytes();
                int linesBefore = proxy.requestLines().size();
                proxy.cutAfter(16L * 1024 * 1024);
                long t0 = System.nanoTime();
                long id = rollout(api, large, edge, List.of(Map.of("percent", 100)));
                while (!proxy.isCut() && System.nanoTime() - t0 < 120_000_000_000L) {
                    Thread.sleep(50);
                }
                double cutAt = (System.nanoTime() - t0) / 1e9;
                proxy.restore();
                awaitSucceeded(api, id, Duration.ofMinutes(5), null);
                double seconds = (System.nanoTime() - t0) / 1e9;
                long moved = proxy.downstreamBytes() - before;
                List<String> ranges = proxy.requestLines().subList(linesBefore, proxy.requestLines().size()).stream()
                        .filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("range")).toList();
                System.out.printf("resumed download of a %d MiB model cut after 16 MiB (at %.1f s):%n", size >> 20, cutAt);
                System.out.printf("  ACTIVE after %.1f s; %.1f MiB crossed the proxy; resumed with %s%n", seconds,
                        moved / 1048576.0, ranges);
            } finally {
                Processes.stop(agent);
            }
        }
    }

    private static long rollout(Api api, long versionId, List<Long> edges, List<Map<String, Object>> waves) {
        Api.Reply created = api.send("POST", "/api/v1/rollouts", Map.of("modelVersionId", versionId, "edgeIds", edges,
                "plan", Map.of("waves", waves, "soakSeconds", 0, "waveTimeoutSeconds", 900)));
        if (created.status() != 201) {
            throw new IllegalStateException("rollout: " + created.status() + " " + created.body());
        }
        return created.body().get("id").asLong();
    }

    interface Progress {
        void seen(JsonNode rollout, double seconds);
    }

    private static void awaitSucceeded(Api api, long id, Duration timeout, Progress progress) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode rollout = api.get("/api/v1/rollouts/" + id).body();
            if (progress != null) {
                progress.seen(rollout, (System.nanoTime() - start) / 1e9);
            }
            String state = rollout.get("state").asText();
            if (state.equals("SUCCEEDED")) {
                return;
            }
            if (!state.equals("RUNNING")) {
                throw new IllegalStateException("rollout " + id + " ended " + state + ": " + rollout.get("message"));
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("rollout " + id + " still running after " + timeout + ": "
                + api.get("/api/v1/rollouts/" + id).body().get("waves"));
    }

    /** Requests the server answered, from its Prometheus histogram's counts. */
    private static double requests(Api api) {
        double total = 0;
        for (String line : api.text("/metrics").split("\n")) {
            if (line.startsWith("modelfleet_http_request_duration_seconds_count")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    /** utime + stime of a process and its threads, in clock ticks. */
    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
