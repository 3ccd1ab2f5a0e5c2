package io.modelfleet.itests.fleet;

import static io.modelfleet.itests.harness.Processes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import io.modelfleet.itests.harness.ExternalTrainingService;
import io.modelfleet.itests.harness.FleetServer;
import io.modelfleet.itests.harness.Processes;
import io.modelfleet.itests.harness.RoundRobinProxy;
import io.modelfleet.itests.onnx.OnnxModels;
import io.modelfleet.itests.s3.S3Server;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Two server replicas, one killed mid-work (issue 16): two server processes on <b>one MariaDB schema</b> and <b>one
 * S3 bucket</b> (the store-s3 plugin against an s3proxy, same manifest signing key file), behind a round-robin TCP
 * balancer ({@link RoundRobinProxy}) that every client uses: four edge agents (enroll, heartbeat, model download,
 * results) and the test's own API client. Both servers are shown to take edge results before the kill (their own
 * {@code /metrics}). Then a CSV import and two training runs are started on one server, a local (in-process) run and
 * one on an external training service ({@link ExternalTrainingService}, job state outside the servers), and that
 * server is SIGKILLed while all three run and the agents keep inferring. Afterwards:
 * <ol>
 * <li>every result an agent handed out a seq for is stored exactly once (set equality per edge, the agent's own
 * {@code sent} count, COUNT(*) = COUNT(DISTINCT edge, seq)), and every edge kept heartbeating through the survivor
 * (last-seen after the kill, ONLINE);</li>
 * <li>the survivor fails the dead server's import once its 30 s lease ran out, with the reason, leaving no staged or
 * committed item, and the same upload imported again on the survivor succeeds;</li>
 * <li>the survivor takes both runs over after their 30 s lease: the external run ends SUCCEEDED with exactly one model
 * version, submitted to the service once; the in-process run, gone with its JVM, FAILED with the documented reason
 * and no model version (docs/architecture.md, "Streams and training runs"); a new local run on the survivor, reading
 * the dataset export the dead server wrote to S3, SUCCEEDED with one model version;</li>
 * <li>models and dataset exports are objects in the bucket, and the survivor delivers the taken-over run's model to
 * all four agents (deployment ACTIVE, predictions by it).</li>
 * </ol>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoReplicasIT {
    private static final String S3_KEY = "replicas-it";
    private static final String S3_SECRET = "replicas-it-secret";
    private static final String BUCKET = "fleet-artifacts";
    private static final String LABELS = "setosa,versicolor,virginica";
    private static final List<String> COLUMNS = List.of("petal_width", "sepal_length", "petal_length", "sepal_width");
    private static final float[][] W = { { 1.0f, -0.5f, 0.2f }, { 0.3f, 0.8f, -0.4f }, { -0.6f, 0.1f, 0.9f },
            { 0.2f, 0.2f, 0.2f } };
    private static final float[] B = { 0.1f, 0.0f, -0.1f };
    private static final int AGENTS = 4;
    /** Rows of the import that the kill interrupts: enough to take seconds to stage. */
    private static final int IMPORT_ROWS = 150_000;
    private static final Pattern OWNER = Pattern.compile("Training coordinator running as (\\S+)");

    private Path work;
    private String schema;
    private S3Server s3;
    private S3Client aws;
    private ExternalTrainingService trainer;
    private FleetServer[] servers;
    private final String[] owners = new String[2];
    private RoundRobinProxy proxy;
    private Api api;
    private final List<AgentProcess> agents = new ArrayList<>();
    private final Map<String, Long> edgeIds = new ConcurrentHashMap<>();
    private final Map<String, NavigableSet<Long>> issued = new ConcurrentHashMap<>();
    private long firstModelId;
    private AgentInferenceLoad load;

    // what the kill test leaves for the checks after it
    private FleetServer victim;
    private FleetServer survivor;
    private int survivorIndex;
    private Instant killedAt;
    private long externalRunId;
    private long datasetVersionId;

    @BeforeAll
    void startReplicas() throws Exception {
        long began = System.nanoTime();
        work = Path.of(System.getProperty("modelfleet.work.dir", "target/fleet")).resolve("two-replicas");
        if (Files.exists(work)) {
            Processes.run(List.of("rm", "-rf", work.toString()));
        }
        Files.createDirectories(work.resolve("shared"));
        s3 = S3Server.start(S3_KEY, S3_SECRET);
        aws = s3.awsClient();
        aws.createBucket(b -> b.bucket(BUCKET));
        trainer = new ExternalTrainingService(OnnxModels.linearClassifier(W, B),
                "{\"metrics\":{\"accuracy\":0.91},\"contract\":{\"labels\":\"" + LABELS + "\",\"input\":\"features\"}}");

        schema = FleetServer.createSchema("mf_it_replicas_");
        // one key file for both: the first server to start creates it (CREATE_NEW), the other reads it
        Path signingKey = work.resolve("shared/manifest-signing.key");
        servers = new FleetServer[2];
        for (int i = 0; i < 2; i++) {
            FleetServer server = FleetServer.joining(work.resolve(i == 0 ? "a" : "b"), schema)
                    .env("MODELFLEET_SIGNING_KEY_FILE", signingKey.toString()).env("MODELFLEET_HEAP_MAX", "1g");
            Path etc = server.home().resolve("etc");
            Files.writeString(etc.resolve("io.modelfleet.plugin.store.s3.cfg"), String.join("\n",
                    "endpoint = " + s3.endpoint(), "bucket = " + BUCKET, "prefix = fleet", "accessKey = " + S3_KEY,
                    ".secretKey = " + S3_SECRET, ""));
            Files.writeString(etc.resolve("io.modelfleet.plugin.training.external-fake.cfg"), String.join("\n",
                    "id = fake", "displayName = Training service of the test", "serviceUrl = " + trainer.url(),
                    "pollSeconds = 1", ""));
            Path fleetCfg = etc.resolve("io.modelfleet.fleet.cfg");
            Files.writeString(fleetCfg, Files.readString(fleetCfg)
                    .replaceAll("(?m)^heartbeatIntervalSeconds\\s*=.*$", "heartbeatIntervalSeconds = 5"));
            servers[i] = server;
        }
        // replicas start together, as a Deployment's pods do: migrations and the first administrator race
        List<Thread> starting = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (FleetServer server : servers) {
            Thread thread = new Thread(() -> {
                try {
                    server.start();
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            thread.start();
            starting.add(thread);
        }
        for (Thread thread : starting) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("a replica did not start: " + failures, failures.get(0));
        }
        for (int i = 0; i < 2; i++) {
            Matcher owner = OWNER.matcher(Files.readString(servers[i].karafLog()));
            assertTrue(owner.find(), "server " + i + " logs its owner name");
            owners[i] = owner.group(1);
        }
        assertNotEquals(owners[0], owners[1], "each replica leases work under a name of its own");
        proxy = new RoundRobinProxy(List.of(servers[0].port(), servers[1].port()));
        api = new Api(proxy.url());
        api.login("admin", FleetServer.ADMIN_PASSWORD);
        System.out.printf("two replicas up in %.1f s (%s, %s)%n", (System.nanoTime() - began) / 1e9, owners[0], owners[1]);
    }

    @AfterAll
    void stopReplicas() throws Exception {
        if (load != null) {
            load.close();
        }
        for (AgentProcess agent : agents) {
            agent.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (servers != null) {
            for (FleetServer server : servers) {
                if (server != null) {
                    server.close();
                }
            }
        }
        if (schema != null) {
            FleetServer.dropSchema(schema);
        }
        if (trainer != null) {
            trainer.close();
        }
        if (aws != null) {
            aws.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    // --- helpers ---

    /**
     * A call through the balancer. A request on a kept-alive connection to the server that was killed fails before
     * any live server saw it, so it is sent again (on a new connection, which the balancer gives the survivor).
     */
    private Api.Reply call(String method, String path, Object body) {
        return retried(() -> api.send(method, path, body));
    }

    private Api.Reply get(String path) {
        return call("GET", path, null);
    }

    private static <T> T retried(Supplier<T> call) {
        for (int attempt = 1;; attempt++) {
            try {
                return call.get();
            } catch (UncheckedIOException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private Connection db() throws SQLException {
        return servers[0].connect(); // both servers' one schema
    }

    private long queryLong(String sql, Object... args) throws SQLException {
        try (Connection c = db(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private String queryString(String sql, Object... args) throws SQLException {
        try (Connection c = db(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private Instant queryInstant(String sql, Object... args) throws SQLException {
        try (Connection c = db(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                // DATETIME(3) holds UTC (docs/architecture.md): read it as a UTC wall clock
                return rs.next() && rs.getTimestamp(1) != null
                        ? rs.getTimestamp(1).toLocalDateTime().toInstant(java.time.ZoneOffset.UTC) : null;
            }
        }
    }

    private String runOwner(long runId) {
        try {
            return queryString("SELECT owner FROM training_run WHERE id = ?", runId);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int serverOf(String owner) {
        return owner == null ? -1 : owner.equals(owners[0]) ? 0 : owner.equals(owners[1]) ? 1 : -1;
    }

    /** A counter of one server's own {@code /metrics} (its memory, not the shared database). */
    private static double metric(FleetServer server, String name) {
        Matcher value = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(server.api().text("/metrics"));
        double sum = 0;
        while (value.find()) {
            sum += Double.parseDouble(value.group(1));
        }
        return sum;
    }

    private static String flowersCsv(int rows, long seed) {
        Random random = new Random(seed);
        String[] classes = LABELS.split(",");
        double[][] centres = { { 0.2, 5.0, 1.5, 3.4 }, { 1.3, 5.9, 4.3, 2.8 }, { 2.0, 6.6, 5.6, 3.0 } };
        StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append(",label\n");
        for (int i = 0; i < rows; i++) {
            int c = i % 3;
            for (int f = 0; f < 4; f++) {
                csv.append(String.format(Locale.ROOT, "%.3f", centres[c][f] + random.nextGaussian() * 0.45)).append(',');
            }
            csv.append(classes[c]).append('\n');
        }
        return csv.toString();
    }

    private long createDataset(String name) {
        Api.Reply created = call("POST", "/api/v1/datasets", Map.of("name", name, "kind", "TABULAR", "columns", COLUMNS,
                "labels", List.of(LABELS.split(","))));
        assertEquals(201, created.status(), created.toString());
        return created.body().get("id").asLong();
    }

    private JsonNode awaitImport(long jobId, Duration timeout) throws InterruptedException {
        await(timeout, "import " + jobId + " to end",
                () -> !"RUNNING".equals(get("/api/v1/imports/" + jobId).body().get("state").asText()));
        return get("/api/v1/imports/" + jobId).body();
    }

    private JsonNode awaitRunEnd(long runId, Duration timeout) throws InterruptedException {
        try {
            await(timeout, "training run " + runId + " to end", () -> get("/api/v1/training-runs/" + runId).body()
                    .get("state").asText().matches("SUCCEEDED|FAILED|CANCELLED"));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + get("/api/v1/training-runs/" + runId).body(), e);
        }
        return get("/api/v1/training-runs/" + runId).body();
    }

    private long createStream(String name, String backend, Map<String, Object> parameters) {
        Api.Reply created = call("POST", "/api/v1/streams", Map.of("name", name, "solutionId", "tabular-classification",
                "datasetVersionId", datasetVersionId, "backendId", backend, "parameters", parameters));
        assertEquals(201, created.status(), created.toString());
        return created.body().get("id").asLong();
    }

    private long train(long streamId) {
        Api.Reply queued = call("POST", "/api/v1/streams/" + streamId + "/train", Map.of());
        assertEquals(202, queued.status(), queued.toString());
        return queued.body().get("id").asLong();
    }

    private long modelVersionsOfRun(long runId) throws SQLException {
        return queryLong("SELECT COUNT(*) FROM model_version WHERE training_run_id = ?", runId);
    }

    private JsonNode deployment(long id) {
        return get("/api/v1/deployments/" + id).body();
    }

    private void awaitDeployment(long id, String status) throws InterruptedException {
        try {
            await(Duration.ofSeconds(90), "deployment " + id + " to be " + status,
                    () -> status.equals(deployment(id).get("status").asText()));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; it is " + deployment(id), e);
        }
    }

    private List<Long> deploy(long modelVersionId) throws InterruptedException {
        Api.Reply approved = call("PUT", "/api/v1/model-versions/" + modelVersionId + "/stage", Map.of("stage", "APPROVED"));
        assertEquals(200, approved.status(), approved.toString());
        Api.Reply assigned = call("POST", "/api/v1/deployments",
                Map.of("modelVersionId", modelVersionId, "edgeIds", List.copyOf(edgeIds.values())));
        assertEquals(201, assigned.status(), () -> "assign: " + assigned.body());
        List<Long> ids = new ArrayList<>();
        for (JsonNode deployment : assigned.body()) {
            ids.add(deployment.get("id").asLong());
        }
        for (long id : ids) {
            awaitDeployment(id, "ACTIVE");
        }
        return ids;
    }

    private long storedCount(AgentProcess agent) {
        try {
            return queryLong("SELECT COUNT(*) FROM inference_result WHERE edge_id = ?", edgeIds.get(agent.name()));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private TreeSet<Long> storedSeqs(AgentProcess agent) throws SQLException {
        TreeSet<Long> seqs = new TreeSet<>();
        try (Connection c = db(); PreparedStatement s = c.prepareStatement("SELECT seq FROM inference_result WHERE edge_id = ?")) {
            s.setLong(1, edgeIds.get(agent.name()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    seqs.add(rs.getLong(1));
                }
            }
        }
        return seqs;
    }

    /** One inference on the agent's local API; a 200 answer's seq is recorded as issued. */
    private Api.Reply predict(AgentProcess agent) {
        List<Float> row = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            row.add((float) ThreadLocalRandom.current().nextDouble(-2, 2));
        }
        Api.Reply reply = agent.api().send("POST", "/v1/predict", Map.of("inputs", Map.of("features", List.of(row))));
        if (reply.status() == 200) {
            issued.get(agent.name()).add(reply.body().get("seq").asLong());
        }
        return reply;
    }

    // --- the scenario ---

    @Test
    @Order(1)
    void agentsEnrollThroughTheBalancerAndBothReplicasTakeTheirTraffic() throws Exception {
        long began = System.nanoTime();
        Api.Reply token = call("POST", "/api/v1/enrollment-tokens", Map.of("description", "replicas", "maxUses", AGENTS));
        assertEquals(201, token.status(), () -> "token: " + token.body());
        String secret = token.body().get("secret").asText();
        for (int i = 0; i < AGENTS; i++) {
            AgentProcess agent = new AgentProcess(work, "replica-agent-" + i, Map.of("heartbeatSeconds", "5",
                    "pollSeconds", "2"));
            agents.add(agent);
            agent.start(proxy.url(), secret, Map.of("JAVA_OPTS", "-Xmx128m"));
        }
        for (AgentProcess agent : agents) {
            await(Duration.ofSeconds(120), agent.name() + " to enroll",
                    () -> get("/api/v1/edges?search=" + agent.name()).body().get("total").asLong() == 1);
            long id = get("/api/v1/edges?search=" + agent.name()).body().get("items").get(0).get("id").asLong();
            edgeIds.put(agent.name(), id);
            issued.put(agent.name(), new ConcurrentSkipListSet<>());
            assertEquals(200, call("POST", "/api/v1/edges/" + id + "/approve", null).status());
        }
        Api.Reply uploaded = api.upload("/api/v1/models/replica-classifier/versions", OnnxModels.linearClassifier(W, B),
                Map.of("metadata", "{\"labels\":\"" + LABELS + "\"}"));
        assertEquals(201, uploaded.status(), () -> "upload: " + uploaded.body());
        firstModelId = uploaded.body().get("id").asLong();
        deploy(firstModelId);

        load = new AgentInferenceLoad(agents, 1, 20, this::predict);
        await(Duration.ofSeconds(60), "results of every agent stored",
                () -> agents.stream().allMatch(agent -> storedCount(agent) > 50));
        // keep-alive pins each agent to one replica: both must have agents, or the kill proves nothing
        try {
            await(Duration.ofSeconds(60), "both replicas to ingest results and heartbeats",
                    () -> metric(servers[0], "modelfleet_results_ingested_total") > 0
                            && metric(servers[1], "modelfleet_results_ingested_total") > 0
                            && metric(servers[0], "modelfleet_heartbeats_total") > 0
                            && metric(servers[1], "modelfleet_heartbeats_total") > 0);
        } finally {
            System.out.printf("before the kill: results ingested %.0f / %.0f, heartbeats %.0f / %.0f; %s%n",
                    metric(servers[0], "modelfleet_results_ingested_total"),
                    metric(servers[1], "modelfleet_results_ingested_total"),
                    metric(servers[0], "modelfleet_heartbeats_total"), metric(servers[1], "modelfleet_heartbeats_total"),
                    proxy);
        }
        assertTrue(proxy.connections(0) > 0 && proxy.connections(1) > 0, proxy.toString());
        System.out.printf("fleet of %d agents up and inferring in %.1f s%n", AGENTS, (System.nanoTime() - began) / 1e9);
    }

    @Test
    @Order(2)
    void aReplicaKilledMidImportAndMidTrainingLosesNothingAndTheSurvivorTakesOver() throws Exception {
        long began = System.nanoTime();
        // a published version to train on (9,000 rows keep the in-process run busy for a while)
        long trainingSet = createDataset("flowers");
        Api.Reply upload = retried(() -> api.uploadFile("/api/v1/datasets/" + trainingSet + "/uploads", "flowers.csv",
                flowersCsv(9000, 11).getBytes(StandardCharsets.UTF_8), Map.of()));
        assertEquals(202, upload.status(), upload.toString());
        assertEquals("SUCCEEDED", awaitImport(upload.body().get("id").asLong(), Duration.ofSeconds(60)).get("state").asText());
        Api.Reply published = call("POST", "/api/v1/datasets/" + trainingSet + "/versions", Map.of());
        assertEquals(201, published.status(), published.toString());
        datasetVersionId = published.body().get("id").asLong();

        // two runs on the same replica: an in-process one and one on the external training service
        long localStream = createStream("local-flowers", "local",
                Map.of("algorithm", "factorization-machine", "factors", 32, "epochs", 1000));
        long externalStream = createStream("external-flowers", "fake", Map.of("epochs", 5));
        long localRunId = train(localStream);
        await(Duration.ofSeconds(30), "run " + localRunId + " to be claimed", () -> runOwner(localRunId) != null);
        int victimIndex = serverOf(runOwner(localRunId));
        assertTrue(victimIndex >= 0, "owner " + runOwner(localRunId) + " is one of " + List.of(owners));
        // which replica claims a queued run is a race between their coordinators: queue until the victim has it
        for (int attempt = 1;; attempt++) {
            long runId = train(externalStream);
            await(Duration.ofSeconds(30), "run " + runId + " to be claimed", () -> runOwner(runId) != null);
            if (serverOf(runOwner(runId)) == victimIndex) {
                externalRunId = runId;
                break;
            }
            assertTrue(attempt < 8, "the external run never landed on the local run's replica");
            assertEquals(200, call("POST", "/api/v1/training-runs/" + runId + "/cancel", Map.of()).status());
            awaitRunEnd(runId, Duration.ofSeconds(30));
        }
        victim = servers[victimIndex];
        survivorIndex = 1 - victimIndex;
        survivor = servers[survivorIndex];
        await(Duration.ofSeconds(60), "the external run to be submitted", () -> !trainer.submissions().isEmpty()
                && "RUNNING".equals(get("/api/v1/training-runs/" + externalRunId).body().get("state").asText()));
        await(Duration.ofSeconds(90), "the local run to train", () -> {
            JsonNode run = get("/api/v1/training-runs/" + localRunId).body();
            return "RUNNING".equals(run.get("state").asText()) && run.get("progress").asDouble() > 0;
        });

        // an import on the same replica, large enough to be staging when the kill comes
        long importSet = createDataset("flowers-bulk");
        byte[] bulk = flowersCsv(IMPORT_ROWS, 7).getBytes(StandardCharsets.UTF_8);
        Api.Reply started = victim.api().uploadFile("/api/v1/datasets/" + importSet + "/uploads", "bulk.csv", bulk, Map.of());
        assertEquals(202, started.status(), started.toString());
        long jobId = started.body().get("id").asLong();
        assertEquals(owners[victimIndex], queryString("SELECT owner FROM import_job WHERE id = ?", jobId));
        await(Duration.ofSeconds(60), "import " + jobId + " to stage items",
                () -> {
                    try {
                        return queryLong("SELECT COUNT(*) FROM dataset_item WHERE import_job_id = ? AND staged", jobId) > 1000;
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
        assertEquals("RUNNING", queryString("SELECT state FROM import_job WHERE id = ?", jobId), "staging, not done");
        assertEquals("RUNNING", queryString("SELECT state FROM training_run WHERE id = ?", localRunId));
        assertEquals("RUNNING", queryString("SELECT state FROM training_run WHERE id = ?", externalRunId));
        double survivorResultsBefore = metric(survivor, "modelfleet_results_ingested_total");
        double survivorHeartbeatsBefore = metric(survivor, "modelfleet_heartbeats_total");
        long staged = queryLong("SELECT COUNT(*) FROM dataset_item WHERE import_job_id = ?", jobId);

        victim.kill();
        killedAt = Instant.now();
        System.out.printf("SIGKILL to replica %d (%s) with %d items staged, %.1f s into the step%n", victimIndex,
                owners[victimIndex], staged, (System.nanoTime() - began) / 1e9);

        // meanwhile on the survivor: a new in-process run, on the export the dead replica wrote to the bucket
        long fastStream = createStream("local-flowers-fast", "local", Map.of("epochs", 20));
        long fastRunId = train(fastStream);

        // (2) the import: failed by the survivor once the lease ran out, with the reason, nothing of it kept
        JsonNode failed = awaitImport(jobId, Duration.ofSeconds(90));
        assertEquals("FAILED", failed.get("state").asText(), failed.toString());
        assertTrue(failed.get("error").asText().contains("the server running the import stopped"), failed.toString());
        Instant leaseUntil = queryInstant("SELECT lease_until FROM import_job WHERE id = ?", jobId);
        Instant finishedAt = queryInstant("SELECT finished_at FROM import_job WHERE id = ?", jobId);
        assertNotNull(leaseUntil);
        assertTrue(!finishedAt.isBefore(leaseUntil), "failed only after its lease ran out: " + finishedAt + " vs " + leaseUntil);
        assertEquals(0, queryLong("SELECT COUNT(*) FROM dataset_item WHERE dataset_id = ?", importSet),
                "no staged or committed item of the dead import");
        JsonNode dataset = get("/api/v1/datasets/" + importSet).body();
        assertEquals(0, dataset.get("items").asLong(), dataset.toString());
        System.out.printf("import marked FAILED %.1f s after the kill%n", Duration.between(killedAt, finishedAt).toMillis() / 1e3);
        Api.Reply again = retried(() -> api.uploadFile("/api/v1/datasets/" + importSet + "/uploads", "bulk.csv", bulk, Map.of()));
        assertEquals(202, again.status(), again.toString());
        assertEquals(owners[survivorIndex], queryString("SELECT owner FROM import_job WHERE id = ?",
                again.body().get("id").asLong()), "only the survivor is left to take it");
        long reimport = System.nanoTime();
        JsonNode imported = awaitImport(again.body().get("id").asLong(), Duration.ofSeconds(120));
        System.out.printf("%d rows imported again on the survivor in %.1f s%n", IMPORT_ROWS, (System.nanoTime() - reimport) / 1e9);
        assertEquals("SUCCEEDED", imported.get("state").asText(), imported.toString());
        assertEquals(IMPORT_ROWS, imported.get("imported").asLong(), imported.toString());
        assertEquals(IMPORT_ROWS, queryLong("SELECT COUNT(*) FROM dataset_item WHERE dataset_id = ? AND NOT staged", importSet));

        // (3) the runs: taken over by the survivor after their lease
        await(Duration.ofSeconds(90), "the survivor to take the external run over",
                () -> owners[survivorIndex].equals(runOwner(externalRunId)));
        assertEquals("RUNNING", get("/api/v1/training-runs/" + externalRunId).body().get("state").asText(),
                "the external job goes on while its new owner follows it");
        trainer.finishAll();
        JsonNode external = awaitRunEnd(externalRunId, Duration.ofSeconds(60));
        assertEquals("SUCCEEDED", external.get("state").asText(), external.toString());
        assertEquals(1, modelVersionsOfRun(externalRunId), "exactly one model version for the run");
        // (runs queued before it that landed on the other replica were cancelled: their jobs are other keys)
        assertEquals(1, Collections.frequency(trainer.submissions(), "modelfleet-run-" + externalRunId),
                "the job was submitted once, by the dead replica, and followed by the survivor, not trained again: "
                        + trainer.submissions());
        assertTrue(Files.readString(survivor.karafLog()).contains("of stream external-flowers ended SUCCEEDED"),
                "the survivor registered the model and ended the run");

        // (an ended run has no owner any more: the survivor's log tells who ended it)
        JsonNode local = awaitRunEnd(localRunId, Duration.ofSeconds(90));
        assertTrue(Files.readString(survivor.karafLog()).contains("of stream local-flowers ended FAILED"),
                "the survivor ended the dead replica's run");
        Instant localEnded = queryInstant("SELECT finished_at FROM training_run WHERE id = ?", localRunId);
        assertTrue(localEnded.isAfter(killedAt.plusSeconds(25)),
                "taken over only once the 30 s lease ran out: ended " + Duration.between(killedAt, localEnded) + " after the kill");
        assertEquals("FAILED", local.get("state").asText(), local.toString());
        assertTrue(local.get("message").asText().contains("in-process runs end when their server stops"), local.toString());
        assertEquals(0, modelVersionsOfRun(localRunId), "no model of a run that did not finish");

        JsonNode fast = awaitRunEnd(fastRunId, Duration.ofSeconds(120));
        assertEquals("SUCCEEDED", fast.get("state").asText(), fast.toString());
        assertTrue(Files.readString(survivor.karafLog()).contains("of stream local-flowers-fast ended SUCCEEDED"),
                "trained on the survivor");
        assertEquals(1, modelVersionsOfRun(fastRunId));
        assertEquals("SUCCEEDED", get("/api/v1/training-runs/" + externalRunId).body().get("state").asText());

        // (1) results and heartbeats: everything through the survivor, everything once
        load.close();
        List<String> loadFailures = load.failures();
        load = null;
        assertEquals(List.of(), loadFailures, "the agents served every request throughout");
        long expectedTotal = 0;
        for (AgentProcess agent : agents) {
            try {
                await(Duration.ofSeconds(90), agent.name() + " to drain its queue",
                        () -> agent.status().get("queued").asLong() == 0);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; status " + agent.status(), e);
            }
            TreeSet<Long> stored = storedSeqs(agent);
            TreeSet<Long> expected = new TreeSet<>(issued.get(agent.name()));
            TreeSet<Long> lost = new TreeSet<>(expected);
            lost.removeAll(stored);
            TreeSet<Long> unknown = new TreeSet<>(stored);
            unknown.removeAll(expected);
            assertEquals(List.of(), List.copyOf(lost), agent.name() + ": issued but not stored");
            assertEquals(List.of(), List.copyOf(unknown), agent.name() + ": stored but never issued");
            JsonNode status = agent.status();
            assertEquals(0, status.get("dropped").asLong(), agent.name() + " dropped nothing");
            assertEquals(expected.size(), status.get("sent").asLong(), agent.name() + ": the agent's sent count " + status);
            assertEquals(expected.size(), storedCount(agent), agent.name());
            expectedTotal += expected.size();
        }
        assertEquals(queryLong("SELECT COUNT(*) FROM inference_result"),
                queryLong("SELECT COUNT(DISTINCT edge_id, seq) FROM inference_result"), "nothing stored twice");
        assertEquals(expectedTotal, queryLong("SELECT COUNT(*) FROM inference_result"), "and nothing else stored");
        await(Duration.ofSeconds(30), "every edge's last-seen to move past the kill", () -> {
            for (long edgeId : edgeIds.values()) {
                try {
                    Instant seen = queryInstant("SELECT last_seen_at FROM edge WHERE id = ?", edgeId);
                    if (seen == null || !seen.isAfter(killedAt.plusSeconds(10))) {
                        return false;
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
            return true;
        });
        for (long edgeId : edgeIds.values()) {
            JsonNode edge = get("/api/v1/edges/" + edgeId).body();
            assertEquals("ONLINE", edge.get("connection").asText(), edge.toString());
        }
        assertTrue(metric(survivor, "modelfleet_results_ingested_total") > survivorResultsBefore, "the survivor took the results");
        assertTrue(metric(survivor, "modelfleet_heartbeats_total") > survivorHeartbeatsBefore, "and the heartbeats");
        assertFalse(victim.running());
        System.out.printf("scenario after the fleet was up: %.1f s, %d results exactly once; %s%n",
                (System.nanoTime() - began) / 1e9, expectedTotal, proxy);
    }

    @Test
    @Order(3)
    void artifactsAreInTheBucketAndTheSurvivorDeliversTheTakenOverRunsModel() throws Exception {
        List<String> keys = new ArrayList<>();
        aws.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream().map(S3Object::key).forEach(keys::add);
        String sha = queryString("SELECT sha256 FROM model_version WHERE id = ?", firstModelId);
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("fleet/models/") && k.contains(sha)),
                "the uploaded model is an object of the bucket: " + keys);
        long externalModel = queryLong("SELECT id FROM model_version WHERE training_run_id = ?", externalRunId);
        String trainedSha = queryString("SELECT sha256 FROM model_version WHERE id = ?", externalModel);
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("fleet/models/") && k.contains(trainedSha)),
                "the taken-over run's model too: " + keys);
        assertTrue(keys.contains("fleet/training/datasets/version-" + datasetVersionId + ".csv"),
                "the dataset export the runs read: " + keys);
        for (FleetServer server : servers) {
            try (var files = Files.walk(server.home())) {
                List<Path> local = files.filter(f -> f.getFileName().toString().equals(sha + ".onnx")).toList();
                assertEquals(List.of(), local, "no model in a replica's own filesystem store");
            }
        }

        // the survivor signs and serves the taken-over run's model to every agent, whichever replica they knew
        List<Long> deployments = deploy(externalModel);
        assertEquals(AGENTS, deployments.size());
        JsonNode trained = get("/api/v1/model-versions/" + externalModel).body();
        String reference = trained.get("name").asText() + ":" + trained.get("version").asText();
        for (AgentProcess agent : agents) {
            Api.Reply prediction = agent.api().send("POST", "/v1/predict",
                    Map.of("inputs", Map.of("features", List.of(List.of(0.1f, 0.2f, 0.3f, 0.4f)))));
            assertEquals(200, prediction.status(), prediction.toString());
            assertEquals(reference, prediction.body().get("model").asText(), agent.name());
        }
    }
}
