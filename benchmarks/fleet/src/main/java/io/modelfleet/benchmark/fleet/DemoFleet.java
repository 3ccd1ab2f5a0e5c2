package io.modelfleet.benchmark.fleet;

import static io.modelfleet.itests.harness.Processes.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.modelfleet.itests.harness.Api;
import io.modelfleet.itests.harness.Processes;
import io.modelfleet.itests.onnx.OnnxModels;

/**
 * A demo fleet for a running server, started by {@code run.sh} when {@code MODELFLEET_DEMO_AGENTS} is set: registers
 * and approves a small classifier, starts that many simulated agents from the agent distribution, approves them and
 * assigns them the model, then keeps the simulator running until it is stopped.
 * Usage: {@code DemoFleet <server url> <agents> <agent tar.gz> <work dir>} with the administrator's password in
 * {@code MODELFLEET_ADMIN_PASSWORD} (not on the command line, where every user of the machine could read it).
 */
public final class DemoFleet {
    private DemoFleet() {
    }

    public static void main(String[] args) throws Exception {
        String server = args[0];
        String password = System.getenv("MODELFLEET_ADMIN_PASSWORD");
        int count = Integer.parseInt(args[1]);
        Path archive = Path.of(args[2]);
        Path work = Path.of(args[3]).toAbsolutePath();
        Api api = new Api(server);
        await(Duration.ofMinutes(5), "the server", () -> api.get("/api/v1/health").status() == 200);
        await(Duration.ofMinutes(1), "an admin login", () -> {
            api.login("admin", password);
            return true;
        });
        await(Duration.ofMinutes(1), "the ONNX runtime plugin",
                () -> api.get("/api/v1/model-formats").body().toString().contains("onnx"));
        float[][] weights = OnnxModels.randomWeights(4, 3, 7);
        Api.Reply uploaded = api.upload("/api/v1/models/demo-defects/versions",
                OnnxModels.linearClassifier(weights, new float[3]), Map.of("metadata", "{\"labels\":\"ok,scratch,dent\"}"));
        if (uploaded.status() != 201) {
            throw new IllegalStateException("upload: " + uploaded.body());
        }
        long versionId = uploaded.body().get("id").asLong();
        api.send("PUT", "/api/v1/model-versions/" + versionId + "/stage", Map.of("stage", "APPROVED"));
        String token = FleetBenchmark.token(api, count);

        Files.createDirectories(work);
        Processes.run(List.of("tar", "xzf", archive.toString(), "-C", work.toString()));
        Path agentHome;
        try (var dirs = Files.list(work)) {
            agentHome = dirs.filter(d -> d.getFileName().toString().startsWith("modelfleet-edge-agent")).findFirst()
                    .orElseThrow();
        }
        Process simulator = Processes.start(List.of(agentHome.resolve("bin/modelfleet-agent").toString(), "simulate",
                "--count", Integer.toString(count), "--rate", "0.5", "--server", server, "--token", token,
                "--data", work.resolve("agents").toString(), "--name", "demo"), agentHome, Map.of(),
                work.resolve("simulator.log"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Processes.stop(simulator);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        List<Long> edges = FleetBenchmark.approveAll(api, count);
        FleetBenchmark.assign(api, versionId, edges);
        System.out.println("Demo fleet: " + count + " simulated agents run demo-defects:" + uploaded.body().get("version").asText()
                + " (log: " + work.resolve("simulator.log") + ")");
        simulator.waitFor();
    }
}
