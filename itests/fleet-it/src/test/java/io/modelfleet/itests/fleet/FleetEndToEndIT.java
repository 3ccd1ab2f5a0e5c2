package io.modelfleet.itests.fleet;

import static io.modelfleet.itests.harness.Processes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.modelfleet.itests.harness.Api;
import io.modelfleet.itests.harness.Digits;
import io.modelfleet.itests.harness.FleetServer;
import io.modelfleet.itests.harness.Processes;
import io.modelfleet.itests.onnx.OnnxModels;
import io.modelfleet.itests.s3.S3Server;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The whole loop with real processes: the server distribution on MariaDB and the edge agent distribution (Felix +
 * ONNX Runtime). The agent enrolls, gets a model built by this test, serves predictions, and its results reach the
 * server, also across a server outage; then model swaps under load, a model that fails its health check, a tampered
 * artifact and a manifest signed with another key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetEndToEndIT {
    private static final String[] LABELS = { "cat", "dog", "bird" };
    private static final float[][] W1 = { { 1.0f, -0.5f, 0.2f }, { 0.3f, 0.8f, -0.4f }, { -0.6f, 0.1f, 0.9f },
            { 0.2f, 0.2f, 0.2f } };
    private static final float[] B1 = { 0.1f, 0.0f, -0.1f };
    private static final float[][] W2 = { { -1.0f, 0.5f, 0.7f }, { 0.6f, -0.8f, 0.4f }, { 0.6f, 0.1f, -0.9f },
            { -0.2f, 0.4f, 0.2f } };
    private static final float[] B2 = { 0.0f, 0.2f, 0.0f };

    private Path work;
    private FleetServer fleet;
    private Path agentHome;
    private int agentPort;
    private Process agent;
    private Api api;
    private Api agentApi;
    private long edgeId;
    /** The published digits version and its images (step 18), for the transfer step. */
    private long digitsVersionId;
    private Map<String, byte[]> digitPngs;
    /** The transfer stream (step 19), whose model the agent runs from then on. */
    private long transferStreamId;
    /** The flowers stream (step 14), which the closed loop retrains (step 15). */
    private long flowersStreamId;

    @BeforeAll
    void startFleet() throws Exception {
        work = Path.of(System.getProperty("modelfleet.work.dir", "target/fleet"));
        if (Files.exists(work)) {
            Processes.run(List.of("rm", "-rf", work.toString()));
        }
        // alert rules evaluated every 2 s: the closed loop starts from a DRIFT alert
        fleet = new FleetServer(work, "mf_it_fleet_").env("MODELFLEET_ALERT_INTERVAL_SECONDS", "2");
        agentHome = Processes.unpack("modelfleet-edge-agent", work.resolve("agent"));
        agentPort = Processes.freePort();
        agentApi = new Api("http://127.0.0.1:" + agentPort);
        fleet.start();
        api = fleet.api();
    }

    private void startAgent(String token) throws Exception {
        Path cfg = agentHome.resolve("etc/io.modelfleet.agent.cfg");
        Files.writeString(cfg, Files.readString(cfg)
                .replaceAll("(?m)^inputDir\\s*=.*$", "inputDir = " + work.resolve("input"))
                .replaceAll("(?m)^outputDir\\s*=.*$", "outputDir = " + work.resolve("output"))
                .replaceAll("(?m)^sampleMode\\s*=.*$", "sampleMode = all"));
        agent = Processes.start(List.of(agentHome.resolve("bin/modelfleet-agent").toString(), "run",
                "--server", fleet.url(), "--token", token,
                "--data", work.resolve("agent-data").toString(), "--http-port", Integer.toString(agentPort),
                "--name", "it-agent"), agentHome, Map.of(), work.resolve("agent.log"));
    }

    @AfterAll
    void stopFleet() throws Exception {
        Processes.stop(agent);
        fleet.close();
    }

    private long uploadApproved(String name, byte[] model) {
        Api.Reply uploaded = api.upload("/api/v1/models/" + name + "/versions", model,
                Map.of("metadata", "{\"labels\":\"" + String.join(",", LABELS) + "\"}"));
        assertEquals(201, uploaded.status(), () -> "upload: " + uploaded.body());
        long id = uploaded.body().get("id").asLong();
        Api.Reply approved = api.send("PUT", "/api/v1/model-versions/" + id + "/stage", Map.of("stage", "APPROVED"));
        assertEquals(200, approved.status(), () -> "approve: " + approved.body());
        return id;
    }

    private long assign(long versionId) {
        Api.Reply assigned = api.send("POST", "/api/v1/deployments",
                Map.of("modelVersionId", versionId, "edgeIds", List.of(edgeId)));
        assertEquals(201, assigned.status(), () -> "assign: " + assigned.body());
        return assigned.body().get(0).get("id").asLong();
    }

    /** A stream's deployment is a rollout (one wave here): its deployment to the test's edge. */
    private long rolloutDeployment(JsonNode rollout) {
        assertEquals("RUNNING", rollout.get("state").asText(), rollout.toString());
        JsonNode edges = api.get("/api/v1/rollouts/" + rollout.get("id").asLong() + "/edges").body();
        assertEquals(edgeId, edges.get(0).get("edgeId").asLong(), edges.toString());
        return edges.get(0).get("deploymentId").asLong();
    }

    private JsonNode deployment(long deploymentId) {
        return api.get("/api/v1/deployments/" + deploymentId).body();
    }

    private void awaitDeployment(long deploymentId, String status) throws InterruptedException {
        await(Duration.ofSeconds(90), "deployment " + deploymentId + " to be " + status,
                () -> status.equals(deployment(deploymentId).get("status").asText()));
    }

    private static List<Float> randomRow() {
        List<Float> row = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            row.add((float) ThreadLocalRandom.current().nextDouble(-2, 2));
        }
        return row;
    }

    private Api.Reply predict(List<Float> row) {
        return agentApi.send("POST", "/v1/predict", Map.of("inputs", Map.of("features", List.of(row))));
    }

    private long resultCount() {
        return api.get("/api/v1/inference/results?edgeId=" + edgeId + "&limit=1").body().get("total").asLong();
    }

    @Test
    @Order(1)
    void anAgentEnrollsGetsAModelAndItsPredictionsReachTheServer() throws Exception {
        Api.Reply token = api.send("POST", "/api/v1/enrollment-tokens", Map.of("description", "it", "maxUses", 1));
        assertEquals(201, token.status(), () -> "token: " + token.body());
        startAgent(token.body().get("secret").asText());
        await(Duration.ofSeconds(90), "the agent to enroll",
                () -> api.get("/api/v1/edges?search=it-agent").body().get("total").asLong() == 1);
        edgeId = api.get("/api/v1/edges?search=it-agent").body().get("items").get(0).get("id").asLong();
        assertEquals(200, api.send("POST", "/api/v1/edges/" + edgeId + "/approve", null).status());

        long v1 = uploadApproved("classifier", OnnxModels.linearClassifier(W1, B1));
        long deploymentId = assign(v1);
        awaitDeployment(deploymentId, "ACTIVE");

        for (int i = 0; i < 50; i++) {
            List<Float> row = randomRow();
            Api.Reply reply = predict(row);
            assertEquals(200, reply.status(), () -> "predict: " + reply.body());
            float[] x = new float[4];
            for (int j = 0; j < 4; j++) {
                x[j] = row.get(j);
            }
            float[] expected = OnnxModels.expectedProbabilities(W1, B1, x);
            int best = 0;
            for (int k = 1; k < expected.length; k++) {
                best = expected[k] > expected[best] ? k : best;
            }
            assertEquals(LABELS[best], reply.body().get("label").asText());
            assertEquals(expected[best], reply.body().get("score").asDouble(), 1e-4);
            assertEquals("classifier:1", reply.body().get("model").asText());
        }
        await(Duration.ofSeconds(60), "50 results on the server", () -> resultCount() == 50);
        await(Duration.ofSeconds(30), "the edge to report the model it runs",
                () -> "classifier:1".equals(api.get("/api/v1/edges/" + edgeId).body().get("modelVersion").asText()));
        JsonNode edge = api.get("/api/v1/edges/" + edgeId).body();
        assertTrue(edge.get("device").get("runtimes").toString().contains("onnx:onnxruntime"), edge.toString());
    }

    @Test
    @Order(2)
    void resultsMadeWhileTheServerIsDownArriveOnceWhenItIsBack() throws Exception {
        fleet.stop();
        for (int i = 0; i < 30; i++) {
            assertEquals(200, predict(randomRow()).status(), "the agent serves while the server is away");
        }
        assertTrue(agentApi.get("/v1/status").body().get("queued").asLong() >= 30);
        Thread.sleep(3000); // a few failed sends: the agent is backing off
        fleet.start();
        await(Duration.ofSeconds(120), "all 80 results on the server", () -> resultCount() == 80);
        Thread.sleep(3000);
        assertEquals(80, resultCount(), "and no more: nothing duplicated");
        JsonNode page = api.get("/api/v1/inference/results?edgeId=" + edgeId + "&limit=1000").body();
        Set<Long> seqs = new HashSet<>();
        page.get("items").forEach(r -> seqs.add(r.get("seq").asLong()));
        assertEquals(80, seqs.size());
        assertEquals(0, agentApi.get("/v1/status").body().get("dropped").asLong());
    }

    @Test
    @Order(3)
    void aSwapUnderContinuousRequestsDropsNone() throws Exception {
        long v2 = uploadApproved("classifier", OnnxModels.linearClassifier(W2, B2));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger onV2 = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread client = new Thread(() -> {
                while (running.get()) {
                    Api.Reply reply = predict(randomRow());
                    if (reply.status() == 200) {
                        ok.incrementAndGet();
                        if ("classifier:2".equals(reply.body().get("model").asText())) {
                            onV2.incrementAndGet();
                        }
                    } else {
                        failures.add(reply.status() + " " + reply.body());
                    }
                }
            });
            client.start();
            clients.add(client);
        }
        Thread.sleep(1000);
        long deploymentId = assign(v2);
        awaitDeployment(deploymentId, "ACTIVE");
        await(Duration.ofSeconds(30), "requests served by the new model", () -> onV2.get() > 200);
        running.set(false);
        for (Thread client : clients) {
            client.join();
        }
        assertEquals(List.of(), failures);
        assertTrue(ok.get() > onV2.get(), "requests were served by both models");
    }

    @Test
    @Order(4)
    void aModelThatFailsItsHealthCheckIsRolledBack() throws Exception {
        long broken = uploadApproved("broken", OnnxModels.failsAtRunTime(4));
        long deploymentId = assign(broken);
        awaitDeployment(deploymentId, "FAILED");
        assertTrue(deployment(deploymentId).get("detail").asText().contains("health check"),
                deployment(deploymentId).toString());
        Api.Reply reply = predict(randomRow());
        assertEquals(200, reply.status());
        assertEquals("classifier:2", reply.body().get("model").asText(), "the previous model still serves");
    }

    @Test
    @Order(5)
    void aTamperedArtifactIsRejectedBeforeSwap() throws Exception {
        float[][] w = { { 0.5f, 0.5f, 0.5f }, { 0.1f, 0.2f, 0.3f }, { 0.3f, 0.2f, 0.1f }, { 0.0f, 0.0f, 1.0f } };
        long v3 = uploadApproved("classifier", OnnxModels.linearClassifier(w, B1));
        String sha = api.get("/api/v1/model-versions/" + v3).body().get("sha256").asText();
        Path artifact = fleet.home().resolve("data/modelfleet/artifacts/models/" + sha + ".onnx");
        byte[] bytes = Files.readAllBytes(artifact);
        bytes[bytes.length / 2] ^= 0x5a; // same size, different content
        Files.write(artifact, bytes);
        long deploymentId = assign(v3);
        awaitDeployment(deploymentId, "FAILED");
        assertTrue(deployment(deploymentId).get("detail").asText().contains("sha256"), deployment(deploymentId).toString());
        assertEquals("classifier:2", predict(randomRow()).body().get("model").asText());
    }

    @Test
    @Order(6)
    void aManifestSignedWithAnotherKeyIsRejected() throws Exception {
        fleet.stop();
        Path keyFile = fleet.home().resolve("data/modelfleet/signing/manifest-ed25519.key");
        String original = Files.readString(keyFile, StandardCharsets.US_ASCII);
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Files.writeString(keyFile,
                Base64.getEncoder().encodeToString(other.getPrivate().getEncoded()) + "\n"
                        + Base64.getEncoder().encodeToString(other.getPublic().getEncoded()) + "\n",
                StandardCharsets.US_ASCII);
        fleet.start();
        long v4 = uploadApproved("classifier", OnnxModels.linearClassifier(W1, B2));
        long deploymentId = assign(v4);
        awaitDeployment(deploymentId, "FAILED");
        assertTrue(deployment(deploymentId).get("detail").asText().contains("signature"), deployment(deploymentId).toString());
        assertEquals("classifier:2", predict(randomRow()).body().get("model").asText());

        // the server's own key again, so later deployments verify
        fleet.stop();
        Files.writeString(keyFile, original, StandardCharsets.US_ASCII);
        fleet.start();
        api = fleet.api();
    }

    @Test
    @Order(7)
    void filesDroppedIntoTheInputFolderAreInferredAndReported() throws Exception {
        long before = resultCount();
        Files.createDirectories(work.resolve("input"));
        Path staged = work.resolve("sample.json.tmp");
        Files.writeString(staged, "{\"inputs\": {\"features\": [[0.5, -1.0, 2.0, 0.25]]}}");
        Files.move(staged, work.resolve("input/sample.json"));
        Path result = work.resolve("output/sample.result.json");
        await(Duration.ofSeconds(30), "the result file", () -> Files.exists(result));
        JsonNode answer = Api.JSON.readTree(result.toFile());
        assertEquals("classifier:2", answer.get("model").asText());
        float[] expected = OnnxModels.expectedProbabilities(W2, B2, new float[] { 0.5f, -1.0f, 2.0f, 0.25f });
        int best = 0;
        for (int k = 1; k < expected.length; k++) {
            best = expected[k] > expected[best] ? k : best;
        }
        assertEquals(LABELS[best], answer.get("label").asText());
        assertTrue(Files.exists(work.resolve("output/inputs/sample.json")), "the input was moved out of the folder");
        // the agent may still be backing off from the restart in the previous test (up to a minute)
        await(Duration.ofSeconds(120), "the file's result on the server", () -> {
            for (JsonNode r : api.get("/api/v1/inference/results?edgeId=" + edgeId + "&limit=20").body().get("items")) {
                if ("file:sample.json".equals(r.get("inputRef").asText())) {
                    return true;
                }
            }
            return false;
        });
        assertTrue(resultCount() > before);
    }

    @Test
    @Order(8)
    void artifactsDownloadResumablyAndOnlyByTheirEdge() throws Exception {
        JsonNode identity = Api.JSON.readTree(work.resolve("agent-data/identity.json").toFile());
        Api asEdge = new Api(fleet.url());
        asEdge.useToken(identity.get("credential").asText());
        JsonNode current = api.get("/api/v1/edges/" + edgeId + "/deployments?limit=50").body();
        long active = 0;
        long size = 0;
        for (JsonNode deployment : current) {
            if ("ACTIVE".equals(deployment.get("status").asText())) {
                active = deployment.get("id").asLong();
                size = api.get("/api/v1/model-versions/" + deployment.get("modelVersionId").asLong()).body()
                        .get("sizeBytes").asLong();
                break;
            }
        }
        Api.Raw whole = asEdge.raw("/api/v1/edge/artifacts/" + active, null);
        assertEquals(200, whole.status());
        assertEquals(size, whole.body().length);
        Api.Raw rest = asEdge.raw("/api/v1/edge/artifacts/" + active, "bytes=100-");
        assertEquals(206, rest.status());
        assertEquals("bytes 100-" + (size - 1) + "/" + size, rest.header("Content-Range"));
        assertEquals(java.util.Arrays.toString(java.util.Arrays.copyOfRange(whole.body(), 100, whole.body().length)),
                java.util.Arrays.toString(rest.body()));
        assertEquals(416, asEdge.raw("/api/v1/edge/artifacts/" + active, "bytes=" + size + "-").status());
        assertEquals(404, asEdge.raw("/api/v1/edge/artifacts/999999", null).status(), "not this edge's deployment");
        assertEquals(401, new Api(fleet.url()).raw("/api/v1/edge/artifacts/" + active, null).status());
    }

    @Test
    @Order(9)
    void badUploadsAreRefusedWithReasonsAndStoreNothing() throws Exception {
        int versions = api.get("/api/v1/models/classifier/versions").body().size();
        Api.Reply garbage = api.upload("/api/v1/models/classifier/versions", "not a model".getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals(400, garbage.status(), garbage.toString());
        assertTrue(garbage.body().get("detail").asText().contains("ONNX"), garbage.toString());
        Api.Reply badMetadata = api.upload("/api/v1/models/classifier/versions", OnnxModels.linearClassifier(W1, B1),
                Map.of("metadata", "[1,2]"));
        assertEquals(400, badMetadata.status(), badMetadata.toString());
        Api.Reply taken = api.upload("/api/v1/models/classifier/versions", OnnxModels.linearClassifier(W1, B1),
                Map.of("version", "1"));
        assertEquals(409, taken.status(), taken.toString());
        assertEquals(versions, api.get("/api/v1/models/classifier/versions").body().size());
    }

    private JsonNode awaitImport(long jobId) throws InterruptedException {
        await(Duration.ofSeconds(60), "import " + jobId + " to end",
                () -> !"RUNNING".equals(api.get("/api/v1/imports/" + jobId).body().get("state").asText()));
        return api.get("/api/v1/imports/" + jobId).body();
    }

    @Test
    @Order(10)
    void aDatasetIsBuiltFromAnUploadedCsvRelabelledAndPublished() throws Exception {
        Api.Reply created = api.send("POST", "/api/v1/datasets", Map.of("name", "parts", "kind", "TABULAR",
                "columns", List.of("width", "height"), "labels", List.of("ok", "bad")));
        assertEquals(201, created.status(), created.toString());
        long id = created.body().get("id").asLong();
        assertTrue(api.get("/api/v1/dataset-sources").body().toString().contains("local"));

        Api.Reply upload = api.uploadFile("/api/v1/datasets/" + id + "/uploads", "parts.csv",
                "width,height,label\n1.0,2.0,ok\n3.5,1.5,bad\n2.0,2.0,ok\n".getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals(202, upload.status(), upload.toString());
        JsonNode job = awaitImport(upload.body().get("id").asLong());
        assertEquals("SUCCEEDED", job.get("state").asText(), job.toString());
        assertEquals(3, job.get("imported").asLong());

        Api.Reply bad = api.uploadFile("/api/v1/datasets/" + id + "/uploads", "bad.csv",
                "width,depth,label\n1,2,ok\n".getBytes(StandardCharsets.UTF_8), Map.of());
        JsonNode failed = awaitImport(bad.body().get("id").asLong());
        assertEquals("FAILED", failed.get("state").asText());
        assertTrue(failed.get("error").asText().contains("depth"), failed.toString());
        assertEquals(3, api.get("/api/v1/datasets/" + id).body().get("items").asLong(), "the failed import added nothing");

        // a second upload source instance, added at runtime by dropping its configuration in etc/
        Files.writeString(fleet.home().resolve("etc/io.modelfleet.plugin.source.local-small.cfg"),
                "id = small\nmaxFileBytes = 1024\n");
        await(Duration.ofSeconds(30), "the 'small' source to appear",
                () -> api.get("/api/v1/dataset-sources").body().toString().contains("small"));
        StringBuilder big = new StringBuilder("width,height,label\n");
        for (int i = 0; big.length() <= 2048; i++) {
            big.append(i).append(",1.0,ok\n");
        }
        Api.Reply oversize = api.uploadFile("/api/v1/datasets/" + id + "/uploads", "big.csv",
                big.toString().getBytes(StandardCharsets.UTF_8), Map.of("source", "small"));
        JsonNode tooBig = awaitImport(oversize.body().get("id").asLong());
        assertEquals("FAILED", tooBig.get("state").asText());
        assertTrue(tooBig.get("error").asText().contains("the limit is 1024"), tooBig.toString());
        assertTrue(!tooBig.get("error").asText().contains("Exception"), "the reason, not a Java class name: " + tooBig);
        assertEquals(3, api.get("/api/v1/datasets/" + id).body().get("items").asLong());

        JsonNode items = api.get("/api/v1/datasets/" + id + "/items?limit=10").body();
        long first = items.get("items").get(0).get("id").asLong();
        Api.Reply v1 = api.send("POST", "/api/v1/datasets/" + id + "/versions", null);
        assertEquals(201, v1.status(), v1.toString());
        assertEquals(1, api.send("POST", "/api/v1/datasets/" + id + "/relabel",
                Map.of("itemIds", List.of(first), "label", "bad")).body().get("changed").asInt());
        assertEquals(400, api.send("POST", "/api/v1/datasets/" + id + "/relabel",
                Map.of("itemIds", List.of(first), "label", "cat")).status());
        Api.Raw csv = api.raw("/api/v1/dataset-versions/" + v1.body().get("id").asLong() + "/export", null);
        assertEquals(200, csv.status());
        assertEquals("width,height,label\r\n1.0,2.0,ok\r\n3.5,1.5,bad\r\n2.0,2.0,ok\r\n",
                new String(csv.body(), StandardCharsets.UTF_8), "version 1 keeps its labels after relabeling");
        assertEquals(404, api.raw("/api/v1/dataset-versions/999999/export", null).status());
        assertEquals(1, api.get("/api/v1/dataset-items/" + first + "/history").body().size());
    }

    @Test
    @Order(11)
    void aZipOfClassFoldersBuildsAnImageDatasetAndHostileArchivesAreRefused() throws Exception {
        Api.Reply created = api.send("POST", "/api/v1/datasets", Map.of("name", "pets", "kind", "FILES",
                "labels", List.of("cat", "dog")));
        assertEquals(201, created.status(), created.toString());
        long id = created.body().get("id").asLong();
        byte[] png = tinyPng();
        Api.Reply upload = api.uploadFile("/api/v1/datasets/" + id + "/uploads", "pets.zip",
                zip(Map.of("cat/1.png", png, "dog/1.png", png, "dog/2.png", png)), Map.of());
        assertEquals(202, upload.status(), upload.toString());
        JsonNode job = awaitImport(upload.body().get("id").asLong());
        assertEquals("SUCCEEDED", job.get("state").asText(), job.toString());
        assertEquals(3, job.get("imported").asLong());
        JsonNode dogs = api.get("/api/v1/datasets/" + id + "/items?label=dog").body();
        assertEquals(2, dogs.get("total").asLong());
        Api.Raw image = api.raw("/api/v1/dataset-items/" + dogs.get("items").get(0).get("id").asLong() + "/content", null);
        assertEquals(200, image.status());
        assertEquals("image/png", image.headers().firstValue("Content-Type").orElse(""));
        assertTrue(java.util.Arrays.equals(png, image.body()));

        Api.Reply traversal = api.uploadFile("/api/v1/datasets/" + id + "/uploads", "evil.zip",
                zip(Map.of("cat/3.png", png, "../../etc/cat/x.png", png)), Map.of());
        JsonNode refused = awaitImport(traversal.body().get("id").asLong());
        assertEquals("FAILED", refused.get("state").asText());
        assertTrue(refused.get("error").asText().contains("entry '../../etc/cat/x.png' is refused"), refused.toString());
        Api.Reply bomb = api.uploadFile("/api/v1/datasets/" + id + "/uploads", "bomb.zip",
                zip(Map.of("cat/zeros.png", new byte[32 * 1024 * 1024])), Map.of());
        JsonNode defused = awaitImport(bomb.body().get("id").asLong());
        assertEquals("FAILED", defused.get("state").asText());
        assertTrue(defused.get("error").asText().contains("zip bomb"), defused.toString());
        assertEquals(3, api.get("/api/v1/datasets/" + id).body().get("items").asLong(), "failed imports add nothing");
        assertEquals(404, api.raw("/api/v1/dataset-items/99999999/content", null).status());
    }

    @Test
    @Order(12)
    void anS3BucketIsImportedAndBadCredentialsOrAMissingBucketFailWithAReason() throws Exception {
        try (S3Server s3 = S3Server.start("fleet-it", "fleet-it-secret");
                software.amazon.awssdk.services.s3.S3Client aws = s3.awsClient()) {
            aws.createBucket(b -> b.bucket("lake"));
            for (int part = 0; part < 3; part++) {
                StringBuilder csv = new StringBuilder("width,height,label\n");
                for (int row = 0; row < 100; row++) {
                    csv.append(part).append('.').append(row).append(",1.0,").append(row % 2 == 0 ? "ok" : "bad").append('\n');
                }
                int p = part;
                aws.putObject(b -> b.bucket("lake").key("exports/2026/part-" + p + ".csv"),
                        RequestBody.fromString(csv.toString(), StandardCharsets.UTF_8));
            }
            Path etc = fleet.home().resolve("etc");
            Files.writeString(etc.resolve("io.modelfleet.plugin.source.s3-lake.cfg"), String.join("\n", "id = lake",
                    "endpoint = " + s3.endpoint(), "bucket = lake", "prefix = exports/", "accessKey = fleet-it",
                    "secretKey = fleet-it-secret", "pageSize = 2", ""));
            Files.writeString(etc.resolve("io.modelfleet.plugin.source.s3-wrongkey.cfg"), String.join("\n", "id = wrongkey",
                    "endpoint = " + s3.endpoint(), "bucket = lake", "accessKey = fleet-it", "secretKey = not-the-secret", ""));
            Files.writeString(etc.resolve("io.modelfleet.plugin.source.s3-nobucket.cfg"), String.join("\n", "id = nobucket",
                    "endpoint = " + s3.endpoint(), "bucket = missing", "accessKey = fleet-it", "secretKey = fleet-it-secret", ""));
            await(Duration.ofSeconds(30), "the S3 sources to appear", () -> {
                String sources = api.get("/api/v1/dataset-sources").body().toString();
                return sources.contains("lake") && sources.contains("wrongkey") && sources.contains("nobucket");
            });

            Api.Reply created = api.send("POST", "/api/v1/datasets", Map.of("name", "lake-parts", "kind", "TABULAR",
                    "columns", List.of("width", "height"), "labels", List.of("ok", "bad")));
            long id = created.body().get("id").asLong();
            Api.Reply started = api.send("POST", "/api/v1/datasets/" + id + "/imports",
                    Map.of("source", "lake", "options", Map.of("prefix", "2026/")));
            assertEquals(202, started.status(), started.toString());
            JsonNode job = awaitImport(started.body().get("id").asLong());
            assertEquals("SUCCEEDED", job.get("state").asText(), job.toString());
            assertEquals(300, job.get("imported").asLong());
            assertEquals(300, api.get("/api/v1/datasets/" + id + "/items?source=lake").body().get("total").asLong());

            for (String[] bad : new String[][] { { "wrongkey", "SignatureDoesNotMatch" },
                    { "nobucket", "bucket 'missing' does not exist" } }) {
                Api.Reply attempt = api.send("POST", "/api/v1/datasets/" + id + "/imports", Map.of("source", bad[0]));
                JsonNode failed = awaitImport(attempt.body().get("id").asLong());
                assertEquals("FAILED", failed.get("state").asText());
                assertTrue(failed.get("error").asText().contains(bad[1]), failed.toString());
                assertTrue(!failed.toString().contains("not-the-secret"), "secrets stay out of errors");
            }
            assertEquals(300, api.get("/api/v1/datasets/" + id).body().get("items").asLong(), "failed imports change nothing");
            assertEquals(400, api.send("POST", "/api/v1/datasets/" + id + "/imports", Map.of("source", "nosuchsource")).status());
            String log = Files.readString(fleet.home().resolve("data/log/karaf.log"));
            assertTrue(!log.contains("fleet-it-secret") && !log.contains("not-the-secret"), "secrets are never logged");
        }
    }

    @Test
    @Order(13)
    void samplesTheAgentSentWithItsResultsBecomeADatasetFilteredByEdgeAndScore() throws Exception {
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < randomRow().size(); i++) {
            columns.add("f" + i);
        }
        Api.Reply created = api.send("POST", "/api/v1/datasets", Map.of("name", "seen-by-edges", "kind", "TABULAR",
                "columns", columns, "labels", List.of(LABELS)));
        assertEquals(201, created.status(), created.toString());
        long id = created.body().get("id").asLong();
        assertTrue(api.get("/api/v1/dataset-sources").body().toString().contains("edges"));

        Api.Reply started = api.send("POST", "/api/v1/datasets/" + id + "/imports",
                Map.of("source", "edges", "options", Map.of("edges", "it-agent", "maxScore", "0.99")));
        assertEquals(202, started.status(), started.toString());
        JsonNode job = awaitImport(started.body().get("id").asLong());
        assertEquals("SUCCEEDED", job.get("state").asText(), job.toString());
        long imported = job.get("imported").asLong();
        assertTrue(imported >= 50, "the agent sampled every input it served: " + job);
        JsonNode items = api.get("/api/v1/datasets/" + id + "/items?edgeId=" + edgeId + "&limit=1000").body();
        assertEquals(imported, items.get("total").asLong());
        JsonNode first = items.get("items").get(0);
        assertEquals(columns.size(), first.get("fields").size());
        assertTrue(first.get("sourceKey").asText().startsWith("edge-" + edgeId + "-"), first.toString());
        assertTrue(first.get("modelVersion").asText().contains(":"), first.toString());
        assertTrue(first.get("score").asDouble() <= 0.99);
        assertTrue(first.get("score").asDouble() <= items.get("items").get(1).get("score").asDouble(), "lowest confidence first");

        JsonNode again = awaitImport(api.send("POST", "/api/v1/datasets/" + id + "/imports",
                Map.of("source", "edges", "options", Map.of("edges", Long.toString(edgeId)))).body().get("id").asLong());
        assertEquals("SUCCEEDED", again.get("state").asText(), again.toString());
        assertEquals(imported, again.get("skipped").asLong(), "samples imported before are skipped");

        JsonNode noEdge = awaitImport(api.send("POST", "/api/v1/datasets/" + id + "/imports",
                Map.of("source", "edges", "options", Map.of("tags", "site=nowhere"))).body().get("id").asLong());
        assertEquals("FAILED", noEdge.get("state").asText());
        assertTrue(noEdge.get("error").asText().contains("no edge has the tags"), noEdge.toString());
        Api.Reply badScore = api.send("POST", "/api/v1/datasets/" + id + "/imports",
                Map.of("source", "edges", "options", Map.of("minScore", "high")));
        // options are checked against the source's schema before an import starts
        assertEquals(400, badScore.status(), badScore.toString());
        assertEquals("invalid_input", badScore.body().get("error").asText(), badScore.toString());
        assertTrue(badScore.body().path("fields").has("options.minScore"), badScore.toString());
    }

    private static final List<String> IRIS_COLUMNS = List.of("petal_width", "sepal_length", "petal_length", "sepal_width");

    /** Three overlapping classes in four numeric columns: a real classification job, not a separable toy. */
    private static String flowersCsv(int rows, long seed) {
        java.util.Random random = new java.util.Random(seed);
        String[] classes = { "setosa", "versicolor", "virginica" };
        double[][] centres = { { 0.2, 5.0, 1.5, 3.4 }, { 1.3, 5.9, 4.3, 2.8 }, { 2.0, 6.6, 5.6, 3.0 } };
        StringBuilder csv = new StringBuilder(String.join(",", IRIS_COLUMNS)).append(",label\n");
        for (int i = 0; i < rows; i++) {
            int c = i % 3;
            for (int f = 0; f < 4; f++) {
                csv.append(String.format(java.util.Locale.ROOT, "%.3f", centres[c][f] + random.nextGaussian() * 0.45)).append(',');
            }
            csv.append(classes[c]).append('\n');
        }
        return csv.toString();
    }

    private long publishedFlowers(String name, int rows) throws InterruptedException {
        Api.Reply created = api.send("POST", "/api/v1/datasets", Map.of("name", name, "kind", "TABULAR",
                "columns", IRIS_COLUMNS, "labels", List.of("setosa", "versicolor", "virginica")));
        assertEquals(201, created.status(), created.toString());
        long id = created.body().get("id").asLong();
        Api.Reply upload = api.uploadFile("/api/v1/datasets/" + id + "/uploads", name + ".csv",
                flowersCsv(rows, 11).getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals(202, upload.status(), upload.toString());
        assertEquals("SUCCEEDED", awaitImport(upload.body().get("id").asLong()).get("state").asText());
        Api.Reply published = api.send("POST", "/api/v1/datasets/" + id + "/versions", Map.of());
        assertEquals(201, published.status(), published.toString());
        return published.body().get("id").asLong();
    }

    private JsonNode awaitRun(long runId, Duration timeout, java.util.function.Predicate<JsonNode> until)
            throws InterruptedException {
        await(timeout, "training run " + runId, () -> until.test(api.get("/api/v1/training-runs/" + runId).body()));
        return api.get("/api/v1/training-runs/" + runId).body();
    }

    @Test
    @Order(14)
    void aStreamTrainsOnADatasetVersionAndTheAgentReproducesTheTrainersHeldOutPredictions() throws Exception {
        long versionId = publishedFlowers("flowers", 600);
        Map<String, Object> stream = new java.util.HashMap<>(Map.of("name", "flowers-classifier",
                "solutionId", "tabular-classification", "datasetVersionId", versionId, "backendId", "local",
                "confidenceThreshold", 0.7, "target", Map.of("edgeIds", List.of(edgeId)),
                "parameters", Map.of("epochs", 0, "optimizer", "newton", "testFraction", 0.25)));
        Api.Reply bad = api.send("POST", "/api/v1/streams", stream);
        assertEquals(400, bad.status(), bad.toString());
        assertEquals("must be at least 1", bad.body().get("fields").get("parameters.epochs").asText(), bad.toString());
        assertTrue(bad.body().get("fields").has("parameters.optimizer"), bad.toString());
        assertEquals(0, api.get("/api/v1/streams").body().size(), "nothing stored");

        stream.put("parameters", Map.of("epochs", 40, "testFraction", 0.25));
        Api.Reply created = api.send("POST", "/api/v1/streams", stream);
        assertEquals(201, created.status(), created.toString());
        long streamId = created.body().get("id").asLong();
        flowersStreamId = streamId;
        assertEquals("READY_TO_TRAIN", created.body().get("status").asText());
        assertEquals("logistic-regression", created.body().get("parameters").get("algorithm").asText(), "defaults filled in");

        Api.Reply queued = api.send("POST", "/api/v1/streams/" + streamId + "/train", Map.of());
        assertEquals(202, queued.status(), queued.toString());
        long runId = queued.body().get("id").asLong();
        JsonNode run = awaitRun(runId, Duration.ofMinutes(3), r -> r.get("state").asText().matches("SUCCEEDED|FAILED|CANCELLED"));
        assertEquals("SUCCEEDED", run.get("state").asText(), run.toString());
        assertEquals("v1.1", run.get("modelVersion").asText());
        assertTrue(run.get("metrics").get("accuracy").asDouble() > 0.8, run.toString());
        JsonNode report = api.get("/api/v1/training-runs/" + runId + "/report").body();
        assertEquals(3, report.get("confusion").get("matrix").size(), report.toString());
        assertTrue(api.text("/api/v1/training-runs/" + runId + "/logs").length() > 0);
        assertEquals("TRAINED", api.get("/api/v1/streams/" + streamId).body().get("status").asText());

        long modelVersionId = run.get("modelVersionId").asLong();
        JsonNode model = api.get("/api/v1/model-versions/" + modelVersionId).body();
        assertEquals(streamId, model.get("lineage").get("streamId").asLong(), model.toString());
        assertEquals(versionId, model.get("lineage").get("datasetVersionId").asLong());
        assertEquals(runId, model.get("lineage").get("trainingRunId").asLong());
        assertEquals("0.7", model.get("metadata").get("confidenceThreshold").asText(), "the stream's threshold travels with the model");
        assertEquals("features", model.get("metadata").get("input").asText(), model.toString());
        assertEquals(409, api.send("POST", "/api/v1/streams/" + streamId + "/deploy",
                Map.of("modelVersionId", modelVersionId)).status(), "a candidate is not deployed before approval");
        assertEquals(200, api.send("PUT", "/api/v1/model-versions/" + modelVersionId + "/stage",
                Map.of("stage", "APPROVED")).status());
        Api.Reply deployed = api.send("POST", "/api/v1/streams/" + streamId + "/deploy", Map.of("modelVersionId", modelVersionId));
        assertEquals(201, deployed.status(), deployed.toString());
        awaitDeployment(rolloutDeployment(deployed.body()), "ACTIVE");
        assertEquals("DEPLOYED", api.get("/api/v1/streams/" + streamId).body().get("status").asText());

        JsonNode heldOut = api.get("/api/v1/training-runs/" + runId + "/held-out?limit=1000").body();
        assertEquals(150, heldOut.size(), "a quarter of 600 rows held out");
        int disagreements = 0;
        for (JsonNode row : heldOut) {
            Map<String, Object> inputs = new java.util.LinkedHashMap<>();
            for (int i = 0; i < IRIS_COLUMNS.size(); i++) {
                inputs.put(IRIS_COLUMNS.get(i), Double.parseDouble(row.get("values").get(i).asText()));
            }
            Api.Reply prediction = agentApi.send("POST", "/v1/predict", Map.of("inputs", inputs));
            assertEquals(200, prediction.status(), prediction.toString());
            assertEquals("flowers-classifier:v1.1", prediction.body().get("model").asText());
            if (!row.get("predicted").asText().equals(prediction.body().get("label").asText())
                    || Math.abs(row.get("score").asDouble() - prediction.body().get("score").asDouble()) > 1e-4) {
                disagreements++;
            }
        }
        assertEquals(0, disagreements, "the edge predicts exactly what the trainer did on every held-out row");
    }

    /**
     * The closed loop on the real fleet: the agent serves inputs shifted away from the training data, a DRIFT rule on
     * the deployed version fires, the stream's retraining policy imports the samples the agent sent into the stream's
     * dataset, publishes it, retrains, passes the accuracy gate, approves and rolls the new version out with the
     * stream's plan, and the agent serves it.
     */
    @Test
    @Order(15)
    void driftOnTheEdgeRetrainsTheStreamAndTheAgentServesTheNewVersion() throws Exception {
        long streamId = flowersStreamId;
        Api.Reply rule = api.send("POST", "/api/v1/alert-rules", Map.of("name", "flowers drift", "kind", "DRIFT",
                "modelVersion", "flowers-classifier:v1.1", "windowMinutes", 30, "minResults", 100));
        assertEquals(201, rule.status(), rule.toString());
        long ruleId = rule.body().get("id").asLong();
        Api.Reply badPolicy = api.send("PUT", "/api/v1/streams/" + streamId + "/retraining-policy",
                Map.of("triggerRuleIds", List.of(ruleId), "gateMinValue", 0.5));
        assertEquals(400, badPolicy.status(), badPolicy.toString());
        assertTrue(badPolicy.body().get("fields").has("gateMetric"), badPolicy.toString());
        Api.Reply policy = api.send("PUT", "/api/v1/streams/" + streamId + "/retraining-policy", Map.of(
                "triggerRuleIds", List.of(ruleId), "gateMetric", "accuracy", "gateMinValue", 0.5,
                "autoApprove", true, "cooldownMinutes", 0));
        assertEquals(200, policy.status(), policy.toString());
        assertEquals("edges", policy.body().get("policy").get("source").asText(), "defaults filled in");

        // the edge now sees flowers unlike any it was trained on: every measurement shifted up
        java.util.Random random = new java.util.Random(23);
        for (int i = 0; i < 150; i++) {
            Map<String, Object> inputs = new java.util.LinkedHashMap<>();
            double[] centre = { 2.9, 7.4, 6.6, 3.9 };
            for (int f = 0; f < IRIS_COLUMNS.size(); f++) {
                inputs.put(IRIS_COLUMNS.get(f), centre[f] + random.nextGaussian() * 0.45);
            }
            Api.Reply prediction = agentApi.send("POST", "/v1/predict", Map.of("inputs", inputs));
            assertEquals(200, prediction.status(), prediction.toString());
        }

        await(Duration.ofSeconds(90), "the drift to fire and start a retraining",
                () -> api.get("/api/v1/retrainings?streamId=" + streamId).body().size() > 0);
        long retrainingId = api.get("/api/v1/retrainings?streamId=" + streamId).body().get(0).get("id").asLong();
        await(Duration.ofMinutes(3), "retraining " + retrainingId + " to end",
                () -> api.get("/api/v1/retrainings/" + retrainingId).body().get("finishedAt").isTextual());
        JsonNode done = api.get("/api/v1/retrainings/" + retrainingId).body();
        assertEquals("SUCCEEDED", done.get("state").asText(), done.toString());
        assertTrue(done.get("trigger").asText().contains("flowers drift"), done.toString());
        assertEquals("flowers-classifier:v1.1", done.get("importOptions").get("model").asText(), done.toString());
        assertTrue(done.get("importedItems").asLong() >= 150, "the agent's samples were imported: " + done);
        List<String> steps = new ArrayList<>();
        done.get("steps").forEach(step -> steps.add(step.get("state").asText()));
        assertEquals(List.of("IMPORTING", "IMPORTING", "TRAINING", "ROLLING_OUT", "SUCCEEDED"), steps, done.toString());

        JsonNode trained = api.get("/api/v1/model-versions/" + done.get("modelVersionId").asLong()).body();
        assertEquals("v1.2", trained.get("version").asText(), trained.toString());
        assertEquals(done.get("datasetVersionId").asLong(), trained.get("lineage").get("datasetVersionId").asLong());
        JsonNode run = api.get("/api/v1/training-runs/" + done.get("trainingRunId").asLong()).body();
        assertEquals("RETRAINING", run.get("trigger").asText(), run.toString());
        assertTrue(run.get("metrics").get("accuracy").asDouble() >= 0.5, run.toString());

        Map<String, Object> inputs = new java.util.LinkedHashMap<>();
        IRIS_COLUMNS.forEach(column -> inputs.put(column, 3.0));
        await(Duration.ofSeconds(60), "the agent to serve v1.2", () -> "flowers-classifier:v1.2".equals(
                agentApi.send("POST", "/v1/predict", Map.of("inputs", inputs)).body().path("model").asText()));
        assertEquals(204, api.send("DELETE", "/api/v1/streams/" + streamId + "/retraining-policy", null).status());
        assertEquals(204, api.send("DELETE", "/api/v1/alert-rules/" + ruleId, null).status());
    }

    @Test
    @Order(16)
    void aServerRestartDuringTrainingLeavesNoRunStuck() throws Exception {
        long versionId = publishedFlowers("flowers-large", 9000);
        Api.Reply created = api.send("POST", "/api/v1/streams", Map.of("name", "slow-classifier",
                "solutionId", "tabular-classification", "datasetVersionId", versionId, "backendId", "local",
                "parameters", Map.of("algorithm", "factorization-machine", "factors", 32, "epochs", 1000)));
        assertEquals(201, created.status(), created.toString());
        long streamId = created.body().get("id").asLong();
        long runId = api.send("POST", "/api/v1/streams/" + streamId + "/train", Map.of()).body().get("id").asLong();
        awaitRun(runId, Duration.ofSeconds(60), r -> "RUNNING".equals(r.get("state").asText()) && r.get("progress").asDouble() > 0);

        fleet.stop();
        fleet.start();
        api = fleet.api();
        JsonNode run = awaitRun(runId, Duration.ofSeconds(90), r -> r.get("state").asText().matches("SUCCEEDED|FAILED|CANCELLED"));
        assertEquals("FAILED", run.get("state").asText(), run.toString());
        assertTrue(run.get("message").asText().contains("end when their server stops"), run.toString());
        assertEquals("FAILED", api.get("/api/v1/streams/" + streamId).body().get("status").asText());
        Api.Reply again = api.send("POST", "/api/v1/streams/" + streamId + "/train", Map.of());
        assertEquals(202, again.status(), "the stream can train again: " + again);
        assertEquals(200, api.send("POST", "/api/v1/training-runs/" + again.body().get("id").asLong() + "/cancel", Map.of()).status());
        JsonNode cancelled = awaitRun(again.body().get("id").asLong(), Duration.ofSeconds(60),
                r -> r.get("state").asText().matches("SUCCEEDED|FAILED|CANCELLED"));
        assertEquals("CANCELLED", cancelled.get("state").asText(), cancelled.toString());
    }

    @Test
    @Order(17)
    void anAnomalyStreamLearnsNormalReadingsAndReportsPrecisionAndRecall() throws Exception {
        Api.Reply created = api.send("POST", "/api/v1/datasets", Map.of("name", "vibration", "kind", "TABULAR",
                "columns", List.of("rms", "peak", "temperature"), "labels", List.of("normal", "anomaly")));
        assertEquals(201, created.status(), created.toString());
        long datasetId = created.body().get("id").asLong();
        java.util.Random random = new java.util.Random(21);
        StringBuilder csv = new StringBuilder("rms,peak,temperature,label\n");
        for (int i = 0; i < 800; i++) {
            boolean anomaly = i % 20 == 0;
            double shift = anomaly ? 6 : 0;
            csv.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%.4f,%s%n", 1 + random.nextGaussian() * 0.1 + shift * 0.1,
                    3 + random.nextGaussian() * 0.3 + shift * 0.3, 40 + random.nextGaussian() + shift, anomaly ? "anomaly" : "normal"));
        }
        Api.Reply upload = api.uploadFile("/api/v1/datasets/" + datasetId + "/uploads", "vibration.csv",
                csv.toString().getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals("SUCCEEDED", awaitImport(upload.body().get("id").asLong()).get("state").asText());
        long versionId = api.send("POST", "/api/v1/datasets/" + datasetId + "/versions", Map.of()).body().get("id").asLong();
        Api.Reply stream = api.send("POST", "/api/v1/streams", Map.of("name", "vibration-watch",
                "solutionId", "anomaly-detection", "datasetVersionId", versionId, "backendId", "local",
                "parameters", Map.of("contamination", 0.02)));
        assertEquals(201, stream.status(), stream.toString());
        long runId = api.send("POST", "/api/v1/streams/" + stream.body().get("id").asLong() + "/train", Map.of())
                .body().get("id").asLong();
        JsonNode run = awaitRun(runId, Duration.ofMinutes(2), r -> r.get("state").asText().matches("SUCCEEDED|FAILED|CANCELLED"));
        assertEquals("SUCCEEDED", run.get("state").asText(), run.toString());
        assertTrue(run.get("metrics").get("recall").asDouble() > 0.9, run.toString());
        assertTrue(run.get("metrics").get("precision").asDouble() > 0.5, run.toString());
        JsonNode model = api.get("/api/v1/model-versions/" + run.get("modelVersionId").asLong()).body();
        assertEquals("anomaly", model.get("metadata").get("task").asText(), model.toString());
        assertTrue(model.get("metadata").has("threshold"), model.toString());
        assertEquals("v1.1", model.get("version").asText());
    }

    /**
     * Vision end to end: real images (the handwritten digits of {@link Digits}) imported as a zip of class folders,
     * published, trained with image-classification's {@code pixels}, deployed; the agent classifies every held-out
     * image sent as a PNG over HTTP, and some through the watched folder, exactly as the trainer did; the frames it
     * sampled come back as an importable FILES dataset with their images; broken images are refused with reasons.
     */
    @Test
    @Order(18)
    void imagesTrainedOnTheServerAreClassifiedOnTheEdgeAsTheTrainerDid() throws Exception {
        long resultsBefore = resultCount();
        List<Digits.Digit> digits = Digits.load();
        Map<String, byte[]> pngs = new java.util.HashMap<>();
        digits.forEach(d -> pngs.put(d.key(), d.png()));
        Api.Reply created = api.send("POST", "/api/v1/datasets", Map.of("name", "digits", "kind", "FILES",
                "labels", List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")));
        assertEquals(201, created.status(), created.toString());
        long datasetId = created.body().get("id").asLong();
        Api.Reply upload = api.uploadFile("/api/v1/datasets/" + datasetId + "/uploads", "digits.zip", Digits.zip(digits),
                Map.of());
        assertEquals(202, upload.status(), upload.toString());
        JsonNode job = awaitImport(upload.body().get("id").asLong());
        assertEquals("SUCCEEDED", job.get("state").asText(), job.toString());
        assertEquals(1797, job.get("imported").asLong());
        // images that cannot be decoded fail the import with the reason, and nothing of it is stored
        byte[] whole = digits.get(0).png();
        for (Map.Entry<String, String> bad : Map.of("7/cut.png", "the PNG image is damaged or cut short",
                "7/text.png", "not a PNG, JPEG, BMP or GIF image").entrySet()) {
            byte[] content = bad.getKey().endsWith("cut.png") ? java.util.Arrays.copyOf(whole, whole.length / 2)
                    : "just text".getBytes(StandardCharsets.UTF_8);
            Api.Reply refused = api.uploadFile("/api/v1/datasets/" + datasetId + "/uploads", "bad.zip",
                    zip(Map.of("7/fine.png", whole, bad.getKey(), content)), Map.of());
            JsonNode failed = awaitImport(refused.body().get("id").asLong());
            assertEquals("FAILED", failed.get("state").asText(), failed.toString());
            assertTrue(failed.get("error").asText().contains(bad.getValue()), failed.toString());
        }
        assertEquals(1797, api.get("/api/v1/datasets/" + datasetId).body().get("items").asLong(), "nothing stored");
        Api.Reply version = api.send("POST", "/api/v1/datasets/" + datasetId + "/versions", Map.of());
        assertEquals(201, version.status(), version.toString());
        digitsVersionId = version.body().get("id").asLong();
        digitPngs = pngs;

        Api.Reply stream = api.send("POST", "/api/v1/streams", Map.of("name", "digits-classifier",
                "solutionId", "image-classification", "datasetVersionId", version.body().get("id").asLong(),
                "backendId", "local", "confidenceThreshold", 0.9, "target", Map.of("edgeIds", List.of(edgeId)),
                "parameters", Map.of("width", 8, "height", 8)));
        assertEquals(201, stream.status(), stream.toString());
        long streamId = stream.body().get("id").asLong();
        long runId = api.send("POST", "/api/v1/streams/" + streamId + "/train", Map.of()).body().get("id").asLong();
        JsonNode run = awaitRun(runId, Duration.ofMinutes(4), r -> r.get("state").asText().matches("SUCCEEDED|FAILED|CANCELLED"));
        assertEquals("SUCCEEDED", run.get("state").asText(), run.toString());
        double accuracy = run.get("metrics").get("accuracy").asDouble();
        System.out.println("digits on the server (pixels 8x8): held-out accuracy " + accuracy);
        assertTrue(accuracy >= 0.9, run.toString());
        long modelVersionId = run.get("modelVersionId").asLong();
        JsonNode model = api.get("/api/v1/model-versions/" + modelVersionId).body();
        assertEquals("image", model.get("metadata").get("input").asText(), model.toString());
        assertEquals("8", model.get("metadata").get("image.width").asText(), model.toString());
        assertEquals(200, api.send("PUT", "/api/v1/model-versions/" + modelVersionId + "/stage",
                Map.of("stage", "APPROVED")).status());
        Api.Reply deployed = api.send("POST", "/api/v1/streams/" + streamId + "/deploy", Map.of("modelVersionId", modelVersionId));
        assertEquals(201, deployed.status(), deployed.toString());
        awaitDeployment(rolloutDeployment(deployed.body()), "ACTIVE");

        java.time.Instant servedFrom = java.time.Instant.now();
        JsonNode heldOut = api.get("/api/v1/training-runs/" + runId + "/held-out?limit=1000").body();
        assertEquals(359, heldOut.size(), "a fifth of each digit held out");
        int disagreements = 0;
        for (JsonNode row : heldOut) {
            byte[] png = pngs.get(row.get("values").get(0).asText());
            Api.Reply prediction = agentApi.sendBytes("POST", "/v1/predict", png, "image/png");
            assertEquals(200, prediction.status(), prediction.toString());
            assertEquals("digits-classifier:v1.1", prediction.body().get("model").asText());
            if (!row.get("predicted").asText().equals(prediction.body().get("label").asText())
                    || Math.abs(row.get("score").asDouble() - prediction.body().get("score").asDouble()) > 1e-4) {
                disagreements++;
            }
        }
        assertEquals(0, disagreements, "the edge classifies every held-out image as the trainer did");

        // the watched folder takes images too
        Files.createDirectories(work.resolve("input"));
        List<JsonNode> dropped = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            JsonNode row = heldOut.get(i * 17);
            String name = "frame-" + i + ".png";
            Path staged = work.resolve(name + ".tmp");
            Files.write(staged, pngs.get(row.get("values").get(0).asText()));
            Files.move(staged, work.resolve("input").resolve(name));
            dropped.add(row);
        }
        for (int i = 0; i < dropped.size(); i++) {
            Path result = work.resolve("output/frame-" + i + ".result.json");
            await(Duration.ofSeconds(30), "the result of frame " + i, () -> Files.exists(result));
            JsonNode answer = Api.JSON.readTree(result.toFile());
            assertEquals(dropped.get(i).get("predicted").asText(), answer.get("label").asText(), answer.toString());
        }

        // what the agent cannot use is refused with the reason, and nothing reaches the server
        byte[] png = pngs.get(digits.get(0).key());
        Api.Reply cut = agentApi.sendBytes("POST", "/v1/predict", java.util.Arrays.copyOf(png, png.length / 2), "image/png");
        assertEquals(400, cut.status(), cut.toString());
        assertTrue(cut.body().get("detail").asText().contains("damaged or cut short"), cut.toString());
        Api.Reply notAnImage = agentApi.sendBytes("POST", "/v1/predict", "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                "image/png");
        assertEquals(415, notAnImage.status(), notAnImage.toString());
        Api.Reply wrongType = agentApi.sendBytes("POST", "/v1/predict", png, "image/webp");
        assertEquals(415, wrongType.status(), wrongType.toString());

        // every frame was sampled (sampleMode all): they come back as images, importable into a FILES dataset
        Api.Reply seen = api.send("POST", "/api/v1/datasets", Map.of("name", "digits-seen", "kind", "FILES",
                "labels", List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")));
        long seenId = seen.body().get("id").asLong();
        await(Duration.ofSeconds(120), "the agent's results on the server",
                () -> resultCount() >= resultsBefore + heldOut.size() + dropped.size());
        JsonNode imported = awaitImport(api.send("POST", "/api/v1/datasets/" + seenId + "/imports",
                Map.of("source", "edges", "options", Map.of("edges", "it-agent", "maxScore", "0.9",
                        "from", servedFrom.toString())))
                .body().get("id").asLong());
        assertEquals("SUCCEEDED", imported.get("state").asText(), imported.toString());
        assertTrue(imported.get("imported").asLong() > 0, "low-confidence frames: " + imported);
        JsonNode items = api.get("/api/v1/datasets/" + seenId + "/items?limit=5").body();
        JsonNode first = items.get("items").get(0);
        assertTrue(first.get("score").asDouble() < 0.9, first.toString());
        Api.Raw frame = api.raw("/api/v1/dataset-items/" + first.get("id").asLong() + "/content", null);
        assertEquals(200, frame.status());
        assertEquals("image/png", frame.headers().firstValue("Content-Type").orElse(""));
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(frame.body()));
        assertEquals(8, image.getWidth(), "the frame itself, as the agent received it");
    }

    @Test
    @Order(19)
    void aHeadTrainedOnARegisteredBackboneIsOneModelTheEdgeServes() throws Exception {
        // an operator registers a feature extractor: its image contract and embedding output in the metadata
        Map<String, String> metadata = new java.util.LinkedHashMap<>(new io.modelfleet.api.image.ImageContract(
                OnnxModels.BACKBONE_INPUT, 8, 8, 1, "NCHW", new double[] { 0.3 }, new double[] { 0.4 }).metadata());
        metadata.put("embedding", OnnxModels.EMBEDDING);
        Api.Reply backbone = api.upload("/api/v1/models/digits-backbone/versions",
                OnnxModels.imageBackbone(1, 8, 16, new int[0][], false, 11),
                Map.of("version", "1", "metadata", Api.JSON.writeValueAsString(metadata)));
        assertEquals(201, backbone.status(), backbone.toString());

        Map<String, Object> stream = new java.util.HashMap<>(Map.of("name", "digits-transfer",
                "solutionId", "image-classification", "datasetVersionId", digitsVersionId, "backendId", "local",
                "confidenceThreshold", 0.9, "target", Map.of("edgeIds", List.of(edgeId)),
                "parameters", Map.of("method", "transfer", "backbone", "digits-backbone:2")));
        Api.Reply missing = api.send("POST", "/api/v1/streams", stream);
        assertEquals(400, missing.status(), missing.toString());
        assertEquals("names no registered model version (name:version)",
                missing.body().get("fields").get("parameters.backbone").asText(), missing.toString());

        stream.put("parameters", Map.of("method", "transfer", "backbone", "digits-backbone:1"));
        Api.Reply created = api.send("POST", "/api/v1/streams", stream);
        assertEquals(201, created.status(), created.toString());
        long streamId = created.body().get("id").asLong();
        transferStreamId = streamId;
        long runId = api.send("POST", "/api/v1/streams/" + streamId + "/train", Map.of()).body().get("id").asLong();
        JsonNode run = awaitRun(runId, Duration.ofMinutes(4), r -> r.get("state").asText().matches("SUCCEEDED|FAILED|CANCELLED"));
        assertEquals("SUCCEEDED", run.get("state").asText(), run.toString());
        double accuracy = run.get("metrics").get("accuracy").asDouble();
        System.out.println("digits on the server (transfer, conv backbone): held-out accuracy " + accuracy);
        assertTrue(accuracy >= 0.9, run.toString());
        assertTrue(api.text("/api/v1/training-runs/" + runId + "/logs").contains(
                "the composed model answers as backbone then head"), "the trainer checked the composed graph");
        long modelVersionId = run.get("modelVersionId").asLong();
        JsonNode model = api.get("/api/v1/model-versions/" + modelVersionId).body();
        assertEquals(OnnxModels.BACKBONE_INPUT, model.get("metadata").get("input").asText(), model.toString());
        assertEquals("digits-backbone:1", model.get("metadata").get("backbone").asText(), model.toString());
        assertEquals(200, api.send("PUT", "/api/v1/model-versions/" + modelVersionId + "/stage",
                Map.of("stage", "APPROVED")).status());
        Api.Reply deployed = api.send("POST", "/api/v1/streams/" + streamId + "/deploy", Map.of("modelVersionId", modelVersionId));
        assertEquals(201, deployed.status(), deployed.toString());
        awaitDeployment(rolloutDeployment(deployed.body()), "ACTIVE");

        // one model on the edge: each held-out PNG gets what backbone-then-head gave it in training
        JsonNode heldOut = api.get("/api/v1/training-runs/" + runId + "/held-out?limit=1000").body();
        assertEquals(359, heldOut.size());
        int disagreements = 0;
        for (JsonNode row : heldOut) {
            Api.Reply prediction = agentApi.sendBytes("POST", "/v1/predict",
                    digitPngs.get(row.get("values").get(0).asText()), "image/png");
            assertEquals(200, prediction.status(), prediction.toString());
            assertEquals("digits-transfer:v1.1", prediction.body().get("model").asText());
            if (!row.get("predicted").asText().equals(prediction.body().get("label").asText())
                    || Math.abs(row.get("score").asDouble() - prediction.body().get("score").asDouble()) > 1e-4) {
                disagreements++;
            }
        }
        assertEquals(0, disagreements, "the edge classifies every held-out image as backbone then head did");
    }

    @Test
    @Order(20)
    void theCollectionPolicyIsSetOnTheServerAndTheAgentFollowsIt() throws Exception {
        // locally the agent samples every frame (sampleMode all)
        assertEquals("all (local)", agentApi.get("/v1/status").body().get("collection").asText());
        byte[] frame = digitPngs.values().iterator().next();

        // the stream says: nothing; every edge running its models follows
        Api.Reply off = api.send("PUT", "/api/v1/streams/" + transferStreamId + "/collection-policy", Map.of("mode", "OFF"));
        assertEquals(200, off.status(), off.toString());
        awaitCollection("off (server)");
        assertEquals(0, framesSampledOf(frame, 5), "no frame travels with its result");

        // the edge's own policy wins
        Api.Reply bad = api.send("PUT", "/api/v1/edges/" + edgeId + "/collection-policy", Map.of("mode", "RATE", "rate", 0));
        assertEquals(400, bad.status(), bad.toString());
        assertTrue(bad.body().get("fields").has("rate"), bad.toString());
        Api.Reply own = api.send("PUT", "/api/v1/edges/" + edgeId + "/collection-policy", Map.of("mode", "ALL"));
        assertEquals(200, own.status(), own.toString());
        assertEquals("ALL", api.get("/api/v1/edges/" + edgeId + "/collection-policy").body()
                .get("policy").get("mode").asText());
        awaitCollection("all (server)");
        assertEquals(5, framesSampledOf(frame, 5), "every frame travels with its result");

        // cleared: the stream's again, then the agent's own
        assertEquals(204, api.send("DELETE", "/api/v1/edges/" + edgeId + "/collection-policy", null).status());
        awaitCollection("off (server)");
        assertEquals(204, api.send("DELETE", "/api/v1/streams/" + transferStreamId + "/collection-policy", null).status());
        awaitCollection("all (local)");
        assertTrue(api.get("/api/v1/streams/" + transferStreamId + "/collection-policy").body().get("policy").isNull());
    }

    private void awaitCollection(String expected) throws InterruptedException {
        await(Duration.ofSeconds(60), "the agent to collect " + expected,
                () -> expected.equals(agentApi.get("/v1/status").body().get("collection").asText()));
    }

    /** Sends the frame {@code count} times and returns how many of those results reached the server with it. */
    private int framesSampledOf(byte[] frame, int count) throws InterruptedException {
        long before = resultCount();
        long firstSeq = -1;
        long lastSeq = 0;
        for (int i = 0; i < count; i++) {
            Api.Reply prediction = agentApi.sendBytes("POST", "/v1/predict", frame, "image/png");
            assertEquals(200, prediction.status(), prediction.toString());
            lastSeq = prediction.body().get("seq").asLong();
            firstSeq = firstSeq < 0 ? lastSeq : firstSeq;
        }
        await(Duration.ofSeconds(60), "the results on the server", () -> resultCount() >= before + count);
        // only these results' samples: those of earlier results may still be arriving from the agent's queue
        JsonNode samples = api.get("/api/v1/inference/samples?edgeId=" + edgeId + "&limit=50").body();
        int sampled = 0;
        for (JsonNode sample : samples) {
            long seq = sample.get("seq").asLong();
            if (seq >= firstSeq && seq <= lastSeq) {
                sampled++;
            }
        }
        return sampled;
    }

    /** A real 1x1 PNG, so the preview endpoint serves what a browser would show. */
    private static byte[] tinyPng() {
        return Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    }

    private static byte[] zip(Map<String, byte[]> entries) throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : new java.util.TreeMap<>(entries).entrySet()) {
                out.putNextEntry(new java.util.zip.ZipEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
