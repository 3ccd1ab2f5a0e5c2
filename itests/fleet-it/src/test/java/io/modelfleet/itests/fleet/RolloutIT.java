package io.modelfleet.itests.fleet;

import static io.modelfleet.itests.harness.Processes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

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
 * Staged rollouts to 30 agent processes under load: a three-wave rollout whose new model fails the agents' own
 * health check on some edges of wave 2 is stopped by the health gate and rolled back everywhere; a model that scores
 * lower than the one it replaces is stopped by the quality gate; pause, resume and abort. A load generator sends
 * predictions to every agent the whole time and counts every request that was not answered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutIT {
    private static final int AGENTS = 30;
    private static final String[] LABELS = { "ok", "worn", "broken" };
    private static final float[][] WEIGHTS = { { 0.4f, -0.2f, 0.1f }, { 0.1f, 0.3f, -0.2f }, { -0.3f, 0.1f, 0.2f },
            { 0.2f, 0.0f, 0.1f } };
    /** Confident: the first class wins by a wide margin on every input the load sends. */
    private static final float[] CONFIDENT = { 6f, 0f, 0f };
    /** Undecided: about a third each. */
    private static final float[][] FLAT = new float[4][3];
    private static final float[] UNDECIDED = { 0.1f, 0f, 0f };
    /** Ordinary inputs stay within [0, 0.5]; a poisoned one holds a 5, which {@link OnnxModels#failsAbove} fails on. */
    private static final float POISON = 5f;

    private Path work;
    private FleetServer fleet;
    private Api api;
    private final List<AgentProcess> agents = new ArrayList<>();
    /** Edge id by agent, and agents in edge id order: waves take edges in id order. */
    private final Map<AgentProcess, Long> edgeIds = new LinkedHashMap<>();
    private final List<AgentProcess> byEdgeId = new ArrayList<>();
    private final Set<AgentProcess> poisoned = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean loading = new AtomicBoolean();
    private final AtomicLong answered = new AtomicLong();
    private final List<String> unanswered = Collections.synchronizedList(new ArrayList<>());
    private ExecutorService load;
    private long v1;

    @BeforeAll
    void startFleet() throws Exception {
        work = Path.of(System.getProperty("modelfleet.work.dir", "target/fleet")).resolveSibling("rollouts");
        if (Files.exists(work)) {
            Processes.run(List.of("rm", "-rf", work.toString()));
        }
        fleet = new FleetServer(work, "mf_it_rollout_");
        fleet.start();
        api = fleet.api();
        Api.Reply token = api.send("POST", "/api/v1/enrollment-tokens",
                Map.of("description", "rollout fleet", "maxUses", AGENTS));
        assertEquals(201, token.status(), () -> "token: " + token.body());
        for (int i = 1; i <= AGENTS; i++) {
            // quick heartbeats and polls; a 20 s health window that judges after 5 requests
            AgentProcess agent = new AgentProcess(work, String.format("edge-%02d", i), Map.of("heartbeatSeconds", "2",
                    "pollSeconds", "2", "healthWindowSeconds", "20", "healthMinRequests", "5"));
            // 30 JVMs boot at once on a small machine: the C1 compiler alone costs a fraction of the CPU and serves
            // these few requests as fast
            agent.start(fleet.url(), token.body().get("secret").asText(),
                    Map.of("JAVA_OPTS", "-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"));
            agents.add(agent);
        }
        await(Duration.ofMinutes(4), AGENTS + " agents to enroll",
                () -> api.get("/api/v1/edges?limit=100").body().get("total").asLong() == AGENTS);
        for (JsonNode edge : api.get("/api/v1/edges?limit=100").body().get("items")) {
            assertEquals(200, api.send("POST", "/api/v1/edges/" + edge.get("id").asLong() + "/approve", null).status());
            AgentProcess agent = agents.stream().filter(a -> a.name().equals(edge.get("name").asText())).findFirst()
                    .orElseThrow();
            edgeIds.put(agent, edge.get("id").asLong());
        }
        byEdgeId.addAll(agents);
        byEdgeId.sort((a, b) -> Long.compare(edgeIds.get(a), edgeIds.get(b)));
    }

    @AfterAll
    void stopFleet() throws Exception {
        loading.set(false);
        if (load != null) {
            load.shutdownNow();
            load.awaitTermination(30, TimeUnit.SECONDS);
        }
        // all told to stop at once, then waited for: they shut down side by side
        ExecutorService stopping = Executors.newFixedThreadPool(agents.size());
        for (AgentProcess agent : agents) {
            stopping.submit(() -> {
                agent.stop();
                return null;
            });
        }
        stopping.shutdown();
        stopping.awaitTermination(2, TimeUnit.MINUTES);
        fleet.close();
    }

    private long uploadApproved(byte[] model) {
        Api.Reply uploaded = api.upload("/api/v1/models/inspector/versions", model,
                Map.of("metadata", "{\"labels\":\"" + String.join(",", LABELS) + "\"}"));
        assertEquals(201, uploaded.status(), () -> "upload: " + uploaded.body());
        long id = uploaded.body().get("id").asLong();
        assertEquals(200, api.send("PUT", "/api/v1/model-versions/" + id + "/stage", Map.of("stage", "APPROVED")).status());
        return id;
    }

    private String reference(long versionId) {
        JsonNode version = api.get("/api/v1/model-versions/" + versionId).body();
        return version.get("name").asText() + ":" + version.get("version").asText();
    }

    private JsonNode createRollout(long versionId, List<AgentProcess> edges, Map<String, Object> plan) {
        return Rollouts.create(api, Map.of("modelVersionId", versionId), edges.stream().map(edgeIds::get).toList(), plan);
    }

    /** What each agent serves, by its own status endpoint. */
    private void awaitServing(List<AgentProcess> edges, String reference) throws InterruptedException {
        try {
            await(Duration.ofSeconds(90), edges.size() + " agents to serve " + reference, () -> edges.stream()
                    .allMatch(agent -> reference.equals(agent.status().path("model").asText(null))));
        } catch (AssertionError e) {
            List<String> serving = edges.stream().map(agent -> agent.name() + "=" + agent.status()).toList();
            throw new AssertionError(e.getMessage() + "; agents: " + serving + "; rollouts: "
                    + api.get("/api/v1/rollouts?limit=3").body(), e);
        }
    }

    /** Every agent gets about three predictions a second, poisoned ones for the agents in {@link #poisoned}. */
    private void startLoad() {
        loading.set(true);
        load = Executors.newFixedThreadPool(6);
        for (int t = 0; t < 6; t++) {
            int first = t;
            load.submit(() -> {
                while (loading.get()) {
                    for (int i = first; i < agents.size() && loading.get(); i += 6) {
                        AgentProcess agent = agents.get(i);
                        List<Float> row = new ArrayList<>();
                        for (int f = 0; f < 4; f++) {
                            row.add((float) ThreadLocalRandom.current().nextDouble(0, 0.5));
                        }
                        if (poisoned.contains(agent)) {
                            row.set(1, POISON);
                        }
                        try {
                            Api.Reply reply = agent.api().send("POST", "/v1/predict",
                                    Map.of("inputs", Map.of(OnnxModels.FEATURES, List.of(row))));
                            if (reply.status() == 200) {
                                answered.incrementAndGet();
                            } else {
                                unanswered.add(agent.name() + ": " + reply.status() + " " + reply.body());
                            }
                        } catch (RuntimeException e) {
                            unanswered.add(agent.name() + ": " + e);
                        }
                    }
                    sleepQuietly(60);
                }
            });
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @Order(1)
    void everyAgentRunsTheFirstVersionUnderLoad() throws Exception {
        v1 = uploadApproved(OnnxModels.linearClassifier(WEIGHTS, CONFIDENT));
        JsonNode rollout = createRollout(v1, agents, Map.of("waves", List.of(Map.of("percent", 100))));
        Rollouts.awaitState(api, rollout.get("id").asLong(), "SUCCEEDED", Duration.ofMinutes(3));
        awaitServing(agents, reference(v1));
        startLoad();
        await(Duration.ofSeconds(30), "the load to reach every agent", () -> answered.get() > 300);
        assertEquals(List.of(), unanswered);
    }

    @Test
    @Order(2)
    void aWaveWhoseModelFailsOnSomeEdgesRollsTheWholeRolloutBack() throws Exception {
        long v2 = uploadApproved(OnnxModels.failsAbove(WEIGHTS, CONFIDENT, 2f));
        // waves of 3, 12 and 15 edges in id order; three edges of wave 2 send inputs the new model fails on
        List<AgentProcess> wave2 = byEdgeId.subList(3, 15);
        poisoned.addAll(List.of(wave2.get(1), wave2.get(5), wave2.get(9)));
        JsonNode created = createRollout(v2, agents, Map.of(
                "waves", List.of(Map.of("edges", 3), Map.of("edges", 12), Map.of("percent", 100)),
                "soakSeconds", 8, "waveTimeoutSeconds", 120,
                "health", Map.of("minActivePercent", 100, "maxFailed", 0), "autoRollback", true));
        long id = created.get("id").asLong();
        assertEquals(List.of(3, 12, 15), created.get("waves").findValuesAsText("edges").stream()
                .map(Integer::valueOf).toList());

        Rollouts.awaitState(api, id, "ROLLED_BACK", Duration.ofMinutes(4));
        JsonNode rolledBack = Rollouts.get(api, id);
        assertTrue(rolledBack.get("message").asText().startsWith("automatic rollback: wave 2 failed its gates"),
                rolledBack.toString());
        assertEquals(2, rolledBack.get("currentWave").asInt(), "wave 3 never started");

        String v1Reference = reference(v1);
        awaitServing(agents, v1Reference);
        JsonNode edges = api.get("/api/v1/rollouts/" + id + "/edges").body();
        for (JsonNode edge : edges) {
            if (edge.get("wave").asInt() == 3) {
                assertTrue(edge.get("deploymentId").isNull(), edge.toString());
                continue;
            }
            assertEquals("ROLLED_BACK", edge.get("status").asText(), edge.toString());
            assertEquals(v1Reference, edge.get("previousModel").asText(), edge.toString());
        }
        // the first poisoned edge to roll back failed the gate and keeps its agent's reason; the others may have been
        // rolled back by the server before their agents judged the model
        long judgedByTheirAgent = 0;
        for (AgentProcess bad : poisoned) {
            JsonNode edge = find(edges, edgeIds.get(bad));
            assertEquals("ROLLED_BACK", edge.get("status").asText(), edge.toString());
            judgedByTheirAgent += edge.get("detail").asText().contains("health check after swap failed") ? 1 : 0;
        }
        assertTrue(judgedByTheirAgent >= 1, edges.toString());
        await(Duration.ofSeconds(60), "every rollback deployment to be ACTIVE", () -> {
            for (JsonNode edge : api.get("/api/v1/rollouts/" + id + "/edges").body()) {
                if (edge.get("wave").asInt() < 3 && !"ACTIVE".equals(edge.path("rollbackStatus").asText())) {
                    return false;
                }
            }
            return true;
        });
        JsonNode gates = api.get("/api/v1/rollouts/" + id + "/gates").body();
        assertTrue(findDecisive(gates, 1, "failed").get("passed").asBoolean(), "the canary passed");
        assertTrue(!findDecisive(gates, 2, "failed").get("passed").asBoolean(), "wave 2 did not");
        poisoned.clear();
        assertEquals(List.of(), unanswered, "no request failed while the new model failed and was rolled back");
    }

    private static JsonNode find(JsonNode edges, long edgeId) {
        for (JsonNode edge : edges) {
            if (edge.get("edgeId").asLong() == edgeId) {
                return edge;
            }
        }
        throw new AssertionError("edge " + edgeId + " is not in the rollout");
    }

    private static JsonNode findDecisive(JsonNode gates, int wave, String metric) {
        for (JsonNode gate : gates) {
            if (gate.get("decisive").asBoolean() && gate.get("wave").asInt() == wave
                    && gate.get("metric").asText().equals(metric)) {
                return gate;
            }
        }
        throw new AssertionError("no decisive " + metric + " for wave " + wave + " in " + gates);
    }

    @Test
    @Order(3)
    void aVersionThatScoresLowerIsStoppedByTheQualityGate() throws Exception {
        // the quality gate compares with the previous version over as long a window before the wave: let v1 build one
        Thread.sleep(12_000);
        long undecided = uploadApproved(OnnxModels.linearClassifier(FLAT, UNDECIDED));
        List<AgentProcess> edges = byEdgeId.subList(0, 10);
        long id = createRollout(undecided, edges, Map.of("waves", List.of(Map.of("percent", 100)),
                "soakSeconds", 10, "waveTimeoutSeconds", 120,
                "quality", Map.of("maxScoreDrop", 0.1, "lowConfidenceThreshold", 0.5, "minResults", 20),
                "autoRollback", false)).get("id").asLong();
        Rollouts.awaitState(api, id, "FAILED", Duration.ofMinutes(3));
        String message = Rollouts.get(api, id).get("message").asText();
        assertTrue(message.contains("mean score fell from 0.99"), message);
        awaitServing(edges, reference(undecided));

        assertEquals("ROLLED_BACK", api.send("POST", "/api/v1/rollouts/" + id + "/rollback", null).body()
                .get("state").asText());
        awaitServing(edges, reference(v1));
        assertEquals(List.of(), unanswered);
    }

    @Test
    @Order(4)
    void pauseHoldsTheNextWaveResumeGoesOnAndAbortStops() throws Exception {
        long again = uploadApproved(OnnxModels.linearClassifier(WEIGHTS, CONFIDENT));
        long id = createRollout(again, agents, Map.of(
                "waves", List.of(Map.of("edges", 5), Map.of("edges", 5), Map.of("percent", 100)),
                "soakSeconds", 5, "waveTimeoutSeconds", 120)).get("id").asLong();
        assertEquals("PAUSED", api.send("POST", "/api/v1/rollouts/" + id + "/pause", null).body().get("state").asText());
        awaitServing(byEdgeId.subList(0, 5), reference(again));
        Thread.sleep(8_000); // settled and soaked (5 s): a running rollout would have started wave 2 by now
        assertEquals(1, Rollouts.get(api, id).get("currentWave").asInt());
        assertEquals(409, api.send("POST", "/api/v1/rollouts/" + id + "/pause", null).status());

        assertEquals("RUNNING", api.send("POST", "/api/v1/rollouts/" + id + "/resume", null).body().get("state").asText());
        await(Duration.ofSeconds(30), "wave 2 to start", () -> Rollouts.get(api, id).get("currentWave").asInt() == 2);
        JsonNode aborted = api.send("POST", "/api/v1/rollouts/" + id + "/abort", null).body();
        assertEquals("ABORTED", aborted.get("state").asText());
        Thread.sleep(8_000);
        assertEquals(2, Rollouts.get(api, id).get("currentWave").asInt(), "an aborted rollout starts no wave");
        for (JsonNode edge : api.get("/api/v1/rollouts/" + id + "/edges?wave=3").body()) {
            assertTrue(edge.get("deploymentId").isNull(), edge.toString());
        }
        JsonNode audit = api.get("/api/v1/audit?targetType=rollout&targetId=" + id + "&limit=50").body();
        List<String> actions = audit.get("items").findValuesAsText("action");
        assertTrue(actions.containsAll(List.of("rollout.create", "rollout.pause", "rollout.resume", "rollout.abort")),
                actions.toString());
        loading.set(false);
        assertTrue(answered.get() > 1000, answered + " predictions answered");
        assertEquals(List.of(), unanswered, "not one prediction failed during the whole run");
    }
}
