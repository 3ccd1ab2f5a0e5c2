package io.modelfleet.itests.fleet;

import static io.modelfleet.itests.harness.Processes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.modelfleet.itests.harness.AgentProcess;
import io.modelfleet.itests.harness.Api;
import io.modelfleet.itests.harness.FleetServer;
import io.modelfleet.itests.harness.Processes;
import io.modelfleet.itests.harness.Rollouts;
import io.modelfleet.itests.onnx.OnnxModels;

/**
 * Agent updates are rollouts: three agent processes serving a model take a new agent release (their own agent bundle
 * under a new version) wave by wave, restart into it and report the new agent version; a release with a bundle that
 * cannot resolve fails the canary's own health check, which goes back to the set it ran and reports ROLLED_BACK, and
 * the rollout rolls back. Every agent serves the model again after each step.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentReleaseIT {
    private static final int AGENTS = 3;
    private static final float[][] WEIGHTS = { { 0.4f, -0.2f }, { 0.1f, 0.3f }, { -0.3f, 0.1f }, { 0.2f, 0.0f } };
    private static final float[] BIAS = { 1f, 0f };

    private Path work;
    private FleetServer fleet;
    private Api api;
    private final List<AgentProcess> agents = new ArrayList<>();
    /** Agents in edge id order: waves take edges in id order. */
    private final List<AgentProcess> byEdgeId = new ArrayList<>();
    private final Map<AgentProcess, Long> edgeIds = new LinkedHashMap<>();
    private String model;

    @BeforeAll
    void startFleet() throws Exception {
        work = Path.of(System.getProperty("modelfleet.work.dir", "target/fleet")).resolveSibling("agent-releases");
        if (Files.exists(work)) {
            Processes.run(List.of("rm", "-rf", work.toString()));
        }
        fleet = new FleetServer(work, "mf_it_agent_release_");
        fleet.start();
        api = fleet.api();
        Api.Reply token = api.send("POST", "/api/v1/enrollment-tokens", Map.of("description", "agents", "maxUses", AGENTS));
        assertEquals(201, token.status(), () -> "token: " + token.body());
        for (int i = 1; i <= AGENTS; i++) {
            AgentProcess agent = new AgentProcess(work, "agent-" + i, Map.of("heartbeatSeconds", "2", "pollSeconds", "2"));
            agent.start(fleet.url(), token.body().get("secret").asText(), Map.of("JAVA_OPTS", "-Xmx96m -XX:+UseSerialGC"));
            agents.add(agent);
        }
        await(Duration.ofMinutes(3), AGENTS + " agents to enroll",
                () -> api.get("/api/v1/edges?limit=10").body().get("total").asLong() == AGENTS);
        for (JsonNode edge : api.get("/api/v1/edges?limit=10").body().get("items")) {
            assertEquals(200, api.send("POST", "/api/v1/edges/" + edge.get("id").asLong() + "/approve", null).status());
            agents.stream().filter(a -> a.name().equals(edge.get("name").asText())).findFirst()
                    .ifPresent(agent -> edgeIds.put(agent, edge.get("id").asLong()));
        }
        byEdgeId.addAll(agents);
        byEdgeId.sort((a, b) -> Long.compare(edgeIds.get(a), edgeIds.get(b)));

        Api.Reply uploaded = api.upload("/api/v1/models/classifier/versions", OnnxModels.linearClassifier(WEIGHTS, BIAS),
                Map.of());
        assertEquals(201, uploaded.status(), () -> "upload: " + uploaded.body());
        long version = uploaded.body().get("id").asLong();
        model = uploaded.body().get("name").asText() + ":" + uploaded.body().get("version").asText();
        assertEquals(200, api.send("PUT", "/api/v1/model-versions/" + version + "/stage", Map.of("stage", "APPROVED")).status());
        JsonNode rollout = createRollout(Map.of("modelVersionId", version), Map.of("waves", List.of(Map.of("percent", 100))));
        Rollouts.awaitState(api, rollout.get("id").asLong(), "SUCCEEDED", Duration.ofMinutes(2));
        awaitServing(agents);
    }

    @AfterAll
    void stopFleet() throws Exception {
        for (AgentProcess agent : agents) {
            agent.stop();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    /** A rollout of {@code what} to every agent, in edge id order. */
    private JsonNode createRollout(Map<String, Object> what, Map<String, Object> plan) {
        return Rollouts.create(api, what, byEdgeId.stream().map(edgeIds::get).toList(), plan);
    }

    /** Each agent answers a prediction with the model (its own API, so a restart in progress shows as a failure). */
    private void awaitServing(List<AgentProcess> edges) throws InterruptedException {
        await(Duration.ofSeconds(90), "agents to serve " + model, () -> edges.stream().allMatch(this::serves));
    }

    private boolean serves(AgentProcess agent) {
        try {
            Api.Reply reply = agent.api().send("POST", "/v1/predict",
                    Map.of("inputs", Map.of(OnnxModels.FEATURES, List.of(List.of(0.1f, 0.2f, 0.3f, 0.4f)))));
            return reply.status() == 200 && model.equals(reply.body().path("model").asText(null));
        } catch (RuntimeException e) {
            return false; // restarting
        }
    }

    private String agentVersion(AgentProcess agent) {
        return api.get("/api/v1/edges/" + edgeIds.get(agent)).body().path("device").path("agentVersion").asText(null);
    }

    private long uploadRelease(String version, Map<String, byte[]> jars) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("release.properties"));
            zip.write(("version=" + version + "\nnotes=built by " + getClass().getSimpleName() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, byte[]> jar : jars.entrySet()) {
                zip.putNextEntry(new ZipEntry(jar.getKey()));
                zip.write(jar.getValue());
            }
        }
        Api.Reply uploaded = api.sendBytes("POST", "/api/v1/agent-releases", bytes.toByteArray(), "application/zip");
        assertEquals(201, uploaded.status(), () -> "release: " + uploaded.body());
        assertEquals(version, uploaded.body().get("version").asText());
        return uploaded.body().get("id").asLong();
    }

    /** The agent's own bundle from its installation, its manifest given another Bundle-Version. */
    private byte[] agentBundle(String bundleVersion) throws IOException {
        Path jar;
        try (Stream<Path> system = Files.list(agents.get(0).home().resolve("system"))) {
            jar = system.filter(p -> p.getFileName().toString().startsWith("io.modelfleet.agent-")
                    || p.getFileName().toString().startsWith("io.modelfleet.agent.")).findFirst().orElseThrow();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Bundle-Version", bundleVersion);
            try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
                for (JarEntry entry; (entry = in.getNextJarEntry()) != null;) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(out);
                }
            }
        }
        return bytes.toByteArray();
    }

    /** A bundle that cannot resolve: it imports a package nothing exports. */
    private static byte[] unresolvableBundle() throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "io.modelfleet.it.unresolvable");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", "io.modelfleet.it.does.not.exist");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new JarEntry("readme.txt"));
            jar.write("nothing to see".getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    @Test
    @Order(1)
    void aReleaseRollsOutWaveByWaveAndEveryAgentRestartsIntoIt() throws Exception {
        long release = uploadRelease("0.9.0-it", Map.of("io.modelfleet.agent.jar", agentBundle("0.9.0.it")));
        JsonNode rollout = createRollout(Map.of("agentReleaseId", release), Map.of("waves",
                List.of(Map.of("edges", 1), Map.of("percent", 100)), "health", Map.of("minActivePercent", 100, "maxFailed", 0)));
        assertEquals("0.9.0-it", rollout.get("agentRelease").asText());
        Rollouts.awaitState(api, rollout.get("id").asLong(), "SUCCEEDED", Duration.ofMinutes(4));

        for (AgentProcess agent : agents) {
            await(Duration.ofSeconds(30), agent.name() + " to report agent 0.9.0-it", () -> "0.9.0-it".equals(agentVersion(agent)));
            assertTrue(Files.isDirectory(agent.dataDir().resolve("releases").resolve("0.9.0-it")),
                    "the release is installed next to the base set");
        }
        JsonNode waves = Rollouts.get(api, rollout.get("id").asLong()).get("waves");
        assertEquals(1, waves.get(0).get("statusCounts").get("ACTIVE").asInt());
        assertEquals(2, waves.get(1).get("statusCounts").get("ACTIVE").asInt());
        awaitServing(agents);
    }

    @Test
    @Order(2)
    void aReleaseThatFailsTheAgentsHealthCheckIsRevertedOnTheCanaryAndRolledBack() throws Exception {
        long release = uploadRelease("0.10.0-it", Map.of("io.modelfleet.agent.jar", agentBundle("0.10.0.it"),
                "unresolvable.jar", unresolvableBundle()));
        JsonNode rollout = createRollout(Map.of("agentReleaseId", release), Map.of("waves",
                List.of(Map.of("edges", 1), Map.of("percent", 100)), "health", Map.of("minActivePercent", 100, "maxFailed", 0)));
        long id = rollout.get("id").asLong();
        Rollouts.awaitState(api, id, "ROLLED_BACK", Duration.ofMinutes(4));

        JsonNode canary = api.get("/api/v1/rollouts/" + id + "/edges?wave=1").body().get(0);
        assertEquals("ROLLED_BACK", canary.get("status").asText());
        assertTrue(canary.get("detail").asText().contains("io.modelfleet.it.unresolvable"),
                "the agent names the bundle that failed: " + canary.get("detail"));
        assertEquals("0.9.0-it", canary.get("previousAgentRelease").asText());
        String message = Rollouts.get(api, id).get("message").asText();
        assertTrue(message.contains("FAILED or ROLLED_BACK"), message);
        for (AgentProcess agent : agents) {
            await(Duration.ofSeconds(60), agent.name() + " to run agent 0.9.0-it", () -> "0.9.0-it".equals(agentVersion(agent)));
        }
        assertEquals(0, api.get("/api/v1/rollouts/" + id + "/edges?wave=2").body().findValues("deploymentId").stream()
                .filter(JsonNode::isNumber).count(), "the second wave never started");
        awaitServing(agents);
    }

    @Test
    @Order(3)
    void agentSettingsArePushedWithTheDesiredState() throws Exception {
        AgentProcess agent = byEdgeId.get(0);
        assertEquals(200, api.send("PUT", "/api/v1/agent-settings", Map.of("pollSeconds", 30)).status());
        assertEquals(200, api.send("PUT", "/api/v1/edges/" + edgeIds.get(agent) + "/agent-settings",
                Map.of("heartbeatSeconds", 5)).status());
        Path pushed = agent.dataDir().resolve("agent-settings");
        await(Duration.ofSeconds(60), "the agent to keep the pushed settings", () -> Files.exists(pushed)
                && readQuietly(pushed).contains("5") && readQuietly(pushed).contains("30"));
        Api.Reply bad = api.send("PUT", "/api/v1/agent-settings", Map.of("heartbeatSeconds", 1));
        assertEquals(400, bad.status());
        assertTrue(bad.body().get("detail").asText().contains("heartbeatSeconds"), bad.body().toString());
    }

    private static String readQuietly(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
