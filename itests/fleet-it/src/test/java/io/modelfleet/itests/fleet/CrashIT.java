package io.modelfleet.itests.fleet;

import static io.modelfleet.itests.harness.Processes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.modelfleet.itests.harness.AgentInferenceLoad;
import io.modelfleet.itests.harness.AgentProcess;
import io.modelfleet.itests.harness.Api;
import io.modelfleet.itests.harness.FleetServer;
import io.modelfleet.itests.harness.PrivateMariaDb;
import io.modelfleet.itests.harness.Processes;
import io.modelfleet.itests.harness.TcpProxy;
import io.modelfleet.itests.onnx.OnnxModels;

/**
 * Crashes with real processes, on a MariaDB server of this test's own (so it can be killed): the server JVM and the
 * database are SIGKILLed while two agents keep inferring, the network to a third agent is reset and silently lost in
 * the middle of a large model download, and that agent's disk queue overflows while the server is unreachable.
 * After each, without manual steps: the server is healthy, every agent drains its queue, and every result an agent
 * handed out a seq for is stored exactly once (set equality of seqs per edge), except the ones the agent counted as
 * dropped, which are exactly its oldest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashIT {
    private static final String LABELS = "cat,dog,bird";
    private static final float[][] W = { { 1.0f, -0.5f, 0.2f }, { 0.3f, 0.8f, -0.4f }, { -0.6f, 0.1f, 0.9f },
            { 0.2f, 0.2f, 0.2f } };
    private static final float[] B = { 0.1f, 0.0f, -0.1f };
    /** The proxied agent's models: many features, so that each result's input sample is ~11 kB and the queue fills fast. */
    private static final int WIDE = 1000;
    private static final float[][] WIDE_W = OnnxModels.randomWeights(WIDE, 3, 7);
    private static final int PADDING_BYTES = 24 * 1024 * 1024;
    private static final long QUEUE_MAX_BYTES = 2L * 1024 * 1024;

    private Path work;
    private PrivateMariaDb db;
    private FleetServer fleet;
    private Api api;
    private TcpProxy proxy;
    private AgentProcess alpha;
    private AgentProcess beta;
    private AgentProcess gamma;
    private final Map<String, Long> edgeIds = new ConcurrentHashMap<>();
    /** Per agent: every seq its local API answered, i.e. every result it took responsibility for. */
    private final Map<String, NavigableSet<Long>> issued = new ConcurrentHashMap<>();

    @BeforeAll
    void startFleet() throws Exception {
        work = Path.of(System.getProperty("modelfleet.work.dir", "target/fleet")).resolve("crash");
        if (Files.exists(work)) {
            Processes.run(List.of("rm", "-rf", work.toString()));
        }
        db = new PrivateMariaDb(work.resolve("mariadb"));
        db.start();
        fleet = new FleetServer(work, "mf_it_crash_", db.url(), PrivateMariaDb.USER, PrivateMariaDb.PASSWORD);
        Map<String, String> quick = Map.of("heartbeatSeconds", "5", "pollSeconds", "2");
        alpha = new AgentProcess(work, "crash-alpha", quick);
        beta = new AgentProcess(work, "crash-beta", quick);
        gamma = new AgentProcess(work, "crash-gamma", Map.of("heartbeatSeconds", "5", "pollSeconds", "2",
                "queueMaxBytes", Long.toString(QUEUE_MAX_BYTES), "sampleMode", "all"));
        fleet.start();
        api = fleet.api();
        proxy = new TcpProxy(Integer.parseInt(fleet.url().substring(fleet.url().lastIndexOf(':') + 1)));

        Api.Reply token = api.send("POST", "/api/v1/enrollment-tokens", Map.of("description", "crash", "maxUses", 3));
        assertEquals(201, token.status(), () -> "token: " + token.body());
        String secret = token.body().get("secret").asText();
        alpha.start(fleet.url(), secret);
        beta.start(fleet.url(), secret);
        gamma.start(proxy.url(), secret);
        for (AgentProcess agent : List.of(alpha, beta, gamma)) {
            await(Duration.ofSeconds(90), agent.name() + " to enroll",
                    () -> api.get("/api/v1/edges?search=" + agent.name()).body().get("total").asLong() == 1);
            long id = api.get("/api/v1/edges?search=" + agent.name()).body().get("items").get(0).get("id").asLong();
            edgeIds.put(agent.name(), id);
            issued.put(agent.name(), new ConcurrentSkipListSet<>());
            assertEquals(200, api.send("POST", "/api/v1/edges/" + id + "/approve", null).status());
        }
        long small = uploadApproved("crash-small", OnnxModels.linearClassifier(W, B));
        Api.Reply assigned = api.send("POST", "/api/v1/deployments", Map.of("modelVersionId", small,
                "edgeIds", List.of(edgeIds.get(alpha.name()), edgeIds.get(beta.name()))));
        assertEquals(201, assigned.status(), () -> "assign: " + assigned.body());
        for (JsonNode deployment : assigned.body()) {
            awaitDeployment(deployment.get("id").asLong(), "ACTIVE", Duration.ofSeconds(90));
        }
    }

    @AfterAll
    void stopFleet() throws Exception {
        for (AgentProcess agent : new AgentProcess[] { alpha, beta, gamma }) {
            if (agent != null) {
                agent.close();
            }
        }
        if (proxy != null) {
            proxy.close();
        }
        if (fleet != null) {
            fleet.stop(); // the schema goes with the private database
        }
        if (db != null) {
            db.close();
        }
    }

    // --- helpers ---

    private long uploadApproved(String name, byte[] model) {
        Api.Reply uploaded = api.upload("/api/v1/models/" + name + "/versions", model,
                Map.of("metadata", "{\"labels\":\"" + LABELS + "\"}"));
        assertEquals(201, uploaded.status(), () -> "upload: " + uploaded.body());
        long id = uploaded.body().get("id").asLong();
        Api.Reply approved = api.send("PUT", "/api/v1/model-versions/" + id + "/stage", Map.of("stage", "APPROVED"));
        assertEquals(200, approved.status(), () -> "approve: " + approved.body());
        return id;
    }

    private long assign(long versionId, AgentProcess agent) {
        Api.Reply assigned = api.send("POST", "/api/v1/deployments",
                Map.of("modelVersionId", versionId, "edgeIds", List.of(edgeIds.get(agent.name()))));
        assertEquals(201, assigned.status(), () -> "assign: " + assigned.body());
        return assigned.body().get(0).get("id").asLong();
    }

    private JsonNode deployment(long id) {
        return api.get("/api/v1/deployments/" + id).body();
    }

    private void awaitDeployment(long id, String status, Duration timeout) throws InterruptedException {
        try {
            await(timeout, "deployment " + id + " to be " + status, () -> status.equals(deployment(id).get("status").asText()));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; it is " + deployment(id), e);
        }
    }

    private static List<List<Float>> rows(int features) {
        List<Float> row = new ArrayList<>(features);
        for (int i = 0; i < features; i++) {
            row.add((float) ThreadLocalRandom.current().nextDouble(-2, 2));
        }
        return List.of(row);
    }

    /** One inference on the agent's local API; a 200 answer's seq is recorded as issued. */
    private Api.Reply predict(AgentProcess agent, List<List<Float>> rows) {
        Api.Reply reply = agent.api().send("POST", "/v1/predict", Map.of("inputs", Map.of("features", rows)));
        if (reply.status() == 200) {
            issued.get(agent.name()).add(reply.body().get("seq").asLong());
        }
        return reply;
    }

    private TreeSet<Long> storedSeqs(AgentProcess agent) throws SQLException {
        TreeSet<Long> seqs = new TreeSet<>();
        try (Connection c = fleet.connect();
                PreparedStatement s = c.prepareStatement("SELECT seq FROM inference_result WHERE edge_id = ?")) {
            s.setLong(1, edgeIds.get(agent.name()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    seqs.add(rs.getLong(1));
                }
            }
        }
        return seqs;
    }

    private long storedCount(AgentProcess agent) {
        try {
            return storedSeqs(agent).size();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** COUNT(*) and COUNT(DISTINCT edge_id, seq) over every stored result. */
    private long[] totals() throws SQLException {
        try (Connection c = fleet.connect();
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*), COUNT(DISTINCT edge_id, seq) FROM inference_result");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return new long[] { rs.getLong(1), rs.getLong(2) };
        }
    }

    private void awaitDrained(AgentProcess agent, Duration timeout) throws InterruptedException {
        try {
            await(timeout, agent.name() + " to drain its queue", () -> agent.status().get("queued").asLong() == 0);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; status " + agent.status(), e);
        }
    }

    /** After draining: the agent's issued seqs and the stored ones are the same set, and nothing is stored twice. */
    private void assertExactlyOnce(AgentProcess... agents) throws Exception {
        long expectedTotal = 0;
        for (AgentProcess agent : agents) {
            awaitDrained(agent, Duration.ofSeconds(120));
            TreeSet<Long> stored = storedSeqs(agent);
            TreeSet<Long> expected = new TreeSet<>(issued.get(agent.name()));
            TreeSet<Long> lost = new TreeSet<>(expected);
            lost.removeAll(stored);
            TreeSet<Long> unknown = new TreeSet<>(stored);
            unknown.removeAll(expected);
            assertEquals(List.of(), List.copyOf(lost), agent.name() + ": issued but not stored");
            assertEquals(List.of(), List.copyOf(unknown), agent.name() + ": stored but never issued");
            assertEquals(0, agent.status().get("dropped").asLong(), agent.name() + " dropped nothing");
            JsonNode page = api.get("/api/v1/inference/results?edgeId=" + edgeIds.get(agent.name()) + "&limit=1").body();
            assertEquals(expected.size(), page.get("total").asLong(), agent.name() + ": the API counts the same");
        }
        for (NavigableSet<Long> seqs : issued.values()) {
            expectedTotal += seqs.size();
        }
        long[] totals = totals();
        assertEquals(totals[0], totals[1], "COUNT(*) = COUNT(DISTINCT edge_id, seq): nothing stored twice");
        assertEquals(expectedTotal, totals[0], "every issued result of every agent stored, and nothing else");
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    // --- the crashes ---

    @Test
    @Order(1)
    void theServerKilledMidIngestComesBackAndStoresEveryResultOnce() throws Exception {
        try (AgentInferenceLoad load = new AgentInferenceLoad(List.of(alpha, beta), 2, 15, agent -> predict(agent, rows(4)))) {
            await(Duration.ofSeconds(60), "results flowing in",
                    () -> storedCount(alpha) > 200 && storedCount(beta) > 200);
            fleet.kill();
            long killedAt = System.nanoTime();
            Thread.sleep(2000);
            assertTrue(alpha.status().get("queued").asLong() > 0, "alpha queues while the server is dead");
            fleet.start(); // same data dir and schema, nothing cleaned up
            api = fleet.api();
            System.out.printf("server back %.1f s after SIGKILL%n", (System.nanoTime() - killedAt) / 1e9);
            Thread.sleep(2000);
            load.close();
            assertEquals(List.of(), load.failures(), "the agents served every request throughout");
        }
        assertEquals(200, api.get("/api/v1/health").status());
        assertExactlyOnce(alpha, beta);
    }

    @Test
    @Order(2)
    void mariaDbKilledMidIngestIsReconnectedByTheServerAlone() throws Exception {
        long serverPid = fleet.pid();
        try (AgentInferenceLoad load = new AgentInferenceLoad(List.of(alpha, beta), 2, 15, agent -> predict(agent, rows(4)))) {
            long before = storedCount(alpha);
            await(Duration.ofSeconds(60), "results flowing in", () -> storedCount(alpha) > before + 200);
            db.kill();
            await(Duration.ofSeconds(30), "health to say the database is down",
                    () -> api.get("/api/v1/health").status() == 503);
            Thread.sleep(3000);
            assertTrue(alpha.status().get("queued").asLong() > 0, "alpha queues while the database is dead");
            db.start(); // the same data dir and port: InnoDB recovers what was committed
            long restartedAt = System.nanoTime();
            await(Duration.ofSeconds(90), "health back to 200 without touching the server",
                    () -> api.get("/api/v1/health").status() == 200);
            System.out.printf("healthy %.1f s after MariaDB restarted%n", (System.nanoTime() - restartedAt) / 1e9);
            Thread.sleep(2000);
            load.close();
            assertEquals(List.of(), load.failures(), "the agents served every request throughout");
        }
        assertEquals(serverPid, fleet.pid(), "the same server process");
        assertExactlyOnce(alpha, beta);
    }

    /** Deploys a large model to gamma through the proxy with a fault armed, and checks what the agent loaded. */
    private void deployThroughFault(long seed, Runnable arm, Runnable heal) throws Exception {
        byte[] model = OnnxModels.paddedClassifier(WIDE_W, B, PADDING_BYTES, seed);
        long versionId = uploadApproved("crash-large", model);
        JsonNode version = api.get("/api/v1/model-versions/" + versionId).body();
        String sha = version.get("sha256").asText();
        long size = version.get("sizeBytes").asLong();
        assertEquals(model.length, size);
        int linesBefore = proxy.requestLines().size();
        long downBefore = proxy.downstreamBytes();
        arm.run();
        long started = System.nanoTime();
        long deploymentId = assign(versionId, gamma);
        await(Duration.ofSeconds(60), "the fault to hit the download", proxy::isCut);
        System.out.printf("deployment %d: fault after %.1f s%n", deploymentId, (System.nanoTime() - started) / 1e9);
        Path partial = gamma.dataDir().resolve("models/" + sha + ".part");
        assertTrue(Files.exists(partial) && Files.size(partial) < size, "a partial download is kept");
        assertFalse(Files.exists(gamma.dataDir().resolve("models/" + sha + ".onnx")), "nothing complete yet");
        Thread.sleep(3000);
        heal.run();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                try {
                    System.out.printf("  %.1f s: %s / %s%n", (System.nanoTime() - started) / 1e9,
                            deployment(deploymentId).get("status").asText(), gamma.status().get("lastProblem"));
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // diagnostics only
                }
            }
        });
        watcher.setDaemon(true);
        watcher.start();
        try {
            awaitDeployment(deploymentId, "ACTIVE", Duration.ofSeconds(100));
        } finally {
            watching.set(false);
        }
        System.out.printf("deployment %d: ACTIVE after %.1f s; %s%n", deploymentId, (System.nanoTime() - started) / 1e9,
                proxy.requestLines().subList(linesBefore, proxy.requestLines().size()).stream()
                        .filter(l -> l.contains("artifacts") || l.startsWith("Range")).toList());

        List<String> lines = proxy.requestLines().subList(linesBefore, proxy.requestLines().size());
        boolean resumed = false;
        boolean onArtifact = false;
        for (String line : lines) {
            if (line.matches("(?i)(get|post|put) .*")) {
                onArtifact = line.contains("/edge/artifacts/" + deploymentId + " ");
            } else if (onArtifact && line.matches("(?i)range: *bytes=[1-9][0-9]*-")) {
                resumed = true;
            }
        }
        assertTrue(resumed, "the agent resumed with a Range request: " + lines);
        assertTrue(proxy.downstreamBytes() - downBefore < size + size / 2,
                "resumed, not downloaded again from the start: " + (proxy.downstreamBytes() - downBefore) + " bytes for " + size);
        Path artifact = gamma.dataDir().resolve("models/" + sha + ".onnx");
        assertEquals(sha, sha256(artifact), "the artifact in service is the registered one, byte for byte");
        assertFalse(Files.exists(partial));
        for (int i = 0; i < 20; i++) {
            List<List<Float>> rows = rows(WIDE);
            Api.Reply reply = predict(gamma, rows);
            assertEquals(200, reply.status(), () -> "predict: " + reply.body());
            assertEquals("crash-large:" + version.get("version").asText(), reply.body().get("model").asText());
            float[] x = new float[WIDE];
            for (int j = 0; j < WIDE; j++) {
                x[j] = rows.get(0).get(j);
            }
            float[] expected = OnnxModels.expectedProbabilities(WIDE_W, B, x);
            int best = 0;
            for (int k = 1; k < expected.length; k++) {
                best = expected[k] > expected[best] ? k : best;
            }
            assertEquals(LABELS.split(",")[best], reply.body().get("label").asText());
            assertEquals(expected[best], reply.body().get("score").asDouble(), 1e-4);
        }
    }

    @Test
    @Order(3)
    void aDownloadCutByTheNetworkResumesAndOnlyTheVerifiedModelIsLoaded() throws Exception {
        deployThroughFault(1, () -> proxy.cutAfter(6L * 1024 * 1024), proxy::restore);
        assertExactlyOnce(alpha, beta, gamma);
    }

    @Test
    @Order(4)
    void aDownloadWhoseConnectionSilentlyDiesIsGivenUpAndResumed() throws Exception {
        // no FIN, no RST: the link just stops moving bytes, as when a mobile link or a NAT drops it
        deployThroughFault(2, () -> proxy.blackholeAfter(6L * 1024 * 1024), proxy::restore);
        assertExactlyOnce(alpha, beta, gamma);
    }

    @Test
    @Order(5)
    void aFullQueueDropsItsOldestResultsCountsThemAndTheRestArriveOnce() throws Exception {
        awaitDrained(gamma, Duration.ofSeconds(120));
        NavigableSet<Long> before = new TreeSet<>(issued.get(gamma.name()));
        assertEquals(before, storedSeqs(gamma));
        proxy.cut();
        long served = 0;
        for (int i = 0; i < 2000 && gamma.status().get("dropped").asLong() < 100; i++) {
            Api.Reply reply = predict(gamma, rows(WIDE));
            assertEquals(200, reply.status(), () -> "the agent keeps serving with a full queue: " + reply.body());
            served++;
        }
        JsonNode full = gamma.status();
        long dropped = full.get("dropped").asLong();
        assertTrue(dropped >= 100, "results were dropped: " + full);
        assertEquals(served - dropped, full.get("queued").asLong(), "queued = served - dropped: " + full);
        long queueBytes;
        try (Stream<Path> files = Files.list(gamma.dataDir().resolve("queue"))) {
            queueBytes = files.filter(f -> f.toString().endsWith(".seg")).mapToLong(f -> f.toFile().length()).sum();
        }
        assertTrue(queueBytes <= QUEUE_MAX_BYTES, "the queue stays within queueMaxBytes: " + queueBytes);

        // restarted while still cut off: the count and the queue survive, and the model serves from disk
        gamma.stop();
        gamma.start(proxy.url(), null);
        await(Duration.ofSeconds(60), "gamma to serve again offline", () -> gamma.api().get("/health").status() == 200);
        assertEquals(dropped, gamma.status().get("dropped").asLong(), "the dropped count is persistent");
        assertEquals(served - dropped, gamma.status().get("queued").asLong());

        proxy.restore();
        awaitDrained(gamma, Duration.ofSeconds(120));
        TreeSet<Long> stored = storedSeqs(gamma);
        TreeSet<Long> fill = new TreeSet<>(issued.get(gamma.name()));
        fill.removeAll(before);
        assertEquals(served, fill.size());
        TreeSet<Long> lost = new TreeSet<>(fill);
        lost.removeAll(stored);
        assertEquals(dropped, lost.size(), "exactly the dropped results are missing");
        assertEquals(List.copyOf(fill).subList(0, (int) dropped), List.copyOf(lost), "and they are the oldest");
        TreeSet<Long> expected = new TreeSet<>(issued.get(gamma.name()));
        expected.removeAll(lost);
        assertEquals(expected, stored, "everything else stored, once");
        long[] totals = totals();
        assertEquals(totals[0], totals[1], "nothing stored twice");
        long issuedTotal = issued.values().stream().mapToLong(NavigableSet::size).sum();
        assertEquals(issuedTotal - dropped, totals[0]);
        // the agent reports the count only locally (/v1/status): heartbeats carry no such field
        JsonNode edge = api.get("/api/v1/edges/" + edgeIds.get(gamma.name())).body();
        System.out.println("gamma dropped " + dropped + " of " + served + "; the server's view of the edge: " + edge);
    }
}
