package io.modelfleet.benchmark.fleet;

import static io.modelfleet.itests.harness.Processes.await;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.modelfleet.benchmark.edgeload.LatencyStats;
import io.modelfleet.itests.harness.Api;
import io.modelfleet.itests.harness.FleetServer;
import io.modelfleet.itests.harness.KeepAliveClient;
import io.modelfleet.itests.harness.Processes;
import io.modelfleet.itests.onnx.OnnxModels;

/**
 * Runs the built server and agent distributions and measures, in one run on one machine:
 * <ol>
 * <li>inference latency through the agent's local endpoint (HTTP + JSON + queue) and inside the agent (the model run
 * it reports), next to bare ONNX Runtime on the same model in this JVM;</li>
 * <li>the agent's resident memory with the model loaded;</li>
 * <li>a simulated fleet ({@code modelfleet-agent simulate --count N}) against the server: heartbeats/s and results/s
 * the server stores, sustained over a window.</li>
 * </ol>
 * Usage: {@code java -cp ... FleetBenchmark [requests] [simCount] [simRate] [windowSeconds]}.
 */
public final class FleetBenchmark {
    private static final int FEATURES = 64;
    private static final int CLASSES = 10;

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int simCount = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        double simRate = args.length > 2 ? Double.parseDouble(args[2]) : 1.0;
        int windowSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 60;

        Random random = new Random(42);
        float[][] weights = new float[FEATURES][CLASSES];
        for (float[] row : weights) {
            for (int k = 0; k < CLASSES; k++) {
                row[k] = (float) random.nextGaussian();
            }
        }
        float[] bias = new float[CLASSES];
        byte[] model = OnnxModels.linearClassifier(weights, bias);

        Path work = Path.of("target/fleet-benchmark");
        if (Files.exists(work)) {
            Processes.run(List.of("rm", "-rf", work.toString()));
        }
        try (FleetServer server = new FleetServer(work, "mf_bench_fleet_")) {
            server.start();
            Api api = server.api();
            long versionId = upload(api, model);
            Path agentHome = Processes.unpack("modelfleet-edge-agent", work.resolve("agent"));

            // 1 + 2: one real agent
            int agentPort = Processes.freePort();
            String token = token(api, 1);
            Process agent = Processes.start(List.of(agentHome.resolve("bin/modelfleet-agent").toString(), "run",
                    "--server", server.url(), "--token", token, "--data", work.resolve("agent-data").toString(),
                    "--http-port", Integer.toString(agentPort), "--name", "bench-agent"), agentHome, Map.of(),
                    work.resolve("agent.log"));
            long edgeId = approveAll(api, 1).get(0);
            assign(api, versionId, List.of(edgeId));
            Api agentApi = new Api("http://127.0.0.1:" + agentPort);
            await(Duration.ofSeconds(120), "the model on the agent", () -> agentApi.get("/health").status() == 200);

            LatencyStats bare = bareOnnxRuntime(model, requests, random);
            LatencyStats endToEnd = new LatencyStats();
            LatencyStats inAgent = new LatencyStats();
            try (KeepAliveClient client = new KeepAliveClient("127.0.0.1", agentPort)) {
                for (int i = 0; i < requests + 2000; i++) {
                    List<Float> row = new ArrayList<>(FEATURES);
                    for (int j = 0; j < FEATURES; j++) {
                        row.add((float) random.nextGaussian());
                    }
                    byte[] body = Api.JSON.writeValueAsBytes(Map.of("inputs", Map.of("features", List.of(row))));
                    long start = System.nanoTime();
                    byte[] answer = client.postJson("/v1/predict", body);
                    long elapsed = System.nanoTime() - start;
                    if (i >= 2000) { // warm-up excluded, as for the baseline
                        endToEnd.record(elapsed);
                        inAgent.record((long) (Api.JSON.readTree(answer).get("latencyMs").asDouble() * 1_000_000));
                    }
                }
            }
            long agentPid = javaPid(agent);
            long rssKb = rssKb(agentPid);
            System.out.printf("latency over %d single-row requests, model %dx%d linear+softmax:%n", requests, FEATURES, CLASSES);
            System.out.printf("  bare ONNX Runtime (in-process)   %s%n", format(bare));
            System.out.printf("  agent, model run inside agent    %s%n", format(inAgent));
            System.out.printf("  agent, local HTTP end to end     %s%n", format(endToEnd));
            System.out.printf("agent RSS with the model loaded: %.1f MiB (pid %d)%n", rssKb / 1024.0, agentPid);
            Processes.stop(agent);

            // 3: a simulated fleet
            String fleetToken = token(api, simCount);
            Path simCfg = agentHome.resolve("etc/io.modelfleet.agent.cfg");
            // heartbeat every 5 s: with 1,000 agents that is the 200/s a real fleet of 6,000 sends at 30 s
            Files.writeString(simCfg, Files.readString(simCfg).replaceAll("(?m)^heartbeatSeconds\\s*=.*$", "heartbeatSeconds = 5"));
            Process sim = Processes.start(List.of(agentHome.resolve("bin/modelfleet-agent").toString(), "simulate",
                    "--count", Integer.toString(simCount), "--rate", Double.toString(simRate), "--server", server.url(),
                    "--token", fleetToken, "--data", work.resolve("sim-data").toString(), "--name", "sim"),
                    agentHome, Map.of("JAVA_OPTS", "-Xmx1g"), work.resolve("sim.log"));
            List<Long> simEdges = approveAll(api, simCount);
            for (int from = 0; from < simEdges.size(); from += 5000) {
                assign(api, versionId, simEdges.subList(from, Math.min(simEdges.size(), from + 5000)));
            }
            await(Duration.ofSeconds(300), "every simulated agent running the model",
                    () -> activeCount(api, versionId) >= simCount);
            Thread.sleep(10_000); // let queues drain into a steady state
            double heartbeats0 = heartbeats(api);
            long results0 = results(api);
            long t0 = System.nanoTime();
            Thread.sleep(windowSeconds * 1000L);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double heartbeatRate = (heartbeats(api) - heartbeats0) / seconds;
            double resultRate = (results(api) - results0) / seconds;
            long simRss = rssKb(javaPid(sim));
            System.out.printf("simulated fleet: %d agents at %.1f inferences/s each, %d s window:%n", simCount, simRate, windowSeconds);
            System.out.printf("  server stored %.0f results/s and answered %.0f heartbeats/s%n", resultRate, heartbeatRate);
            System.out.printf("  simulator RSS %.1f MiB, server pid %d RSS %.1f MiB%n", simRss / 1024.0, server.pid(),
                    rssKb(server.pid()) / 1024.0);
            Processes.stop(sim);
        }
    }

    private static LatencyStats bareOnnxRuntime(byte[] model, int requests, Random random) throws Exception {
        LatencyStats stats = new LatencyStats();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions())) {
            for (int i = 0; i < requests + 2000; i++) {
                float[] row = new float[FEATURES];
                for (int j = 0; j < FEATURES; j++) {
                    row[j] = (float) random.nextGaussian();
                }
                long start = System.nanoTime();
                try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(row), new long[] { 1, FEATURES });
                        OrtSession.Result result = session.run(Map.of("features", input))) {
                    result.get(0).getValue();
                }
                if (i >= 2000) {
                    stats.record(System.nanoTime() - start);
                }
            }
        }
        return stats;
    }

    private static String format(LatencyStats stats) {
        LatencyStats.Summary s = stats.summary();
        return String.format("p50 %.3f ms  p99 %.3f ms  max %.3f ms", s.p50Ms(), s.p99Ms(), s.maxMs());
    }

    static long upload(Api api, byte[] model) {
        Api.Reply uploaded = api.upload("/api/v1/models/bench/versions", model, Map.of());
        check(uploaded, 201);
        long id = uploaded.body().get("id").asLong();
        check(api.send("PUT", "/api/v1/model-versions/" + id + "/stage", Map.of("stage", "APPROVED")), 200);
        return id;
    }

    static String token(Api api, int uses) {
        Api.Reply token = api.send("POST", "/api/v1/enrollment-tokens", Map.of("maxUses", uses));
        check(token, 201);
        return token.body().get("secret").asText();
    }

    /** Waits for {@code count} pending edges and approves them all. */
    static List<Long> approveAll(Api api, int count) throws InterruptedException {
        List<Long> approved = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (approved.size() < count && System.nanoTime() < deadline) {
            JsonNode page = api.get("/api/v1/edges?state=PENDING&limit=1000").body();
            for (JsonNode edge : page.get("items")) {
                long id = edge.get("id").asLong();
                check(api.send("POST", "/api/v1/edges/" + id + "/approve", null), 200);
                approved.add(id);
            }
            if (page.get("items").isEmpty()) {
                Thread.sleep(500);
            }
        }
        if (approved.size() < count) {
            throw new IllegalStateException("only " + approved.size() + " of " + count + " agents enrolled");
        }
        return approved;
    }

    static void assign(Api api, long versionId, List<Long> edgeIds) {
        check(api.send("POST", "/api/v1/deployments", Map.of("modelVersionId", versionId, "edgeIds", edgeIds)), 201);
    }

    private static long activeCount(Api api, long versionId) {
        long active = 0;
        for (JsonNode deployment : api.get("/api/v1/model-versions/" + versionId + "/deployments").body()) {
            if ("ACTIVE".equals(deployment.get("status").asText())) {
                active++;
            }
        }
        return active;
    }

    private static long results(Api api) {
        return api.get("/api/v1/inference/results?limit=1").body().get("total").asLong();
    }

    /** The server's heartbeat counter from its Prometheus endpoint (both write paths). */
    private static double heartbeats(Api api) {
        String metrics = api.text("/metrics");
        double total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("modelfleet_heartbeats_total{")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    static long javaPid(Process launcher) {
        return launcher.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).findFirst()
                .map(ProcessHandle::pid).orElse(launcher.pid());
    }

    static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static void check(Api.Reply reply, int status) {
        if (reply.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + reply.status() + ": " + reply.body());
        }
    }
}
