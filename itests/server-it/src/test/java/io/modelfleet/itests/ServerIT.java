package io.modelfleet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import com.fasterxml.jackson.databind.JsonNode;

/** The platform foundation end to end, through HTTP and the shell of the real distribution. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServerIT extends ServerTestSupport {
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(10, ChronoUnit.MINUTES);

    private String admin;

    @Configuration
    public Option[] config() {
        return serverOptions(freshDatabaseUrl());
    }

    @Before
    public void loginAsAdmin() throws Exception {
        awaitHealthy();
        admin = login("admin", ADMIN_PASSWORD);
    }

    private String createToken(int uses) {
        return post("/api/v1/enrollment-tokens", admin, Map.of("description", "itest", "maxUses", uses)).expect(201)
                .json().path("secret").asText();
    }

    private JsonNode enroll(String token, String name) {
        return post("/api/v1/edge/enroll", null, Map.of("token", token, "name", name, "device",
                Map.of("hostname", name + ".local", "os", "Linux", "arch", "aarch64", "cores", 4,
                        "memoryBytes", 4_000_000_000L, "agentVersion", "0.1.0", "runtimes", List.of("onnx"))))
                .expect(201).json();
    }

    private static List<Map<String, Object>> results(int fromSeq, int toSeq, double score) {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int seq = fromSeq; seq <= toSeq; seq++) {
            batch.add(Map.of("seq", seq, "time", T0.plusSeconds(seq).toString(), "modelVersion", "v1.0",
                    "label", seq % 2 == 0 ? "ok" : "defect", "score", score,
                    "probabilities", Map.of("ok", score, "defect", 1 - score), "latencyMs", 3.5));
        }
        return batch;
    }

    @Test
    public void enrollHeartbeatIngestAndReadBack() throws Exception {
        String token = createToken(1);
        JsonNode enrollment = enroll(token, "camera-1");
        long edgeId = enrollment.path("edgeId").asLong();
        String credential = enrollment.path("credential").asText();
        assertEquals("PENDING", enrollment.path("state").asText());
        // the token was for one use only
        post("/api/v1/edge/enroll", null, Map.of("token", token)).expectError(401, "unauthenticated");

        for (int i = 0; i < 3; i++) {
            JsonNode reply = post("/api/v1/edge/heartbeat", credential,
                    Map.of("modelVersion", "v1.0", "inferenceStatus", "READY")).expect(200).json();
            assertEquals("PENDING", reply.path("state").asText());
            assertEquals(30, reply.path("heartbeatIntervalSeconds").asInt());
        }
        JsonNode edge = get("/api/v1/edges/" + edgeId, admin).expect(200).json();
        assertEquals("ONLINE", edge.path("connection").asText());
        assertEquals("READY", edge.path("inferenceStatus").asText());
        assertEquals("aarch64", edge.path("device").path("arch").asText());
        assertEquals(4, edge.path("device").path("cores").asInt());

        // results are refused until an operator approves the edge
        post("/api/v1/edge/results", credential, results(1, 1, 0.9)).expectError(403, "forbidden");
        assertEquals("APPROVED", post("/api/v1/edges/" + edgeId + "/approve", admin, null).expect(200).json()
                .path("state").asText());

        JsonNode first = post("/api/v1/edge/results", credential, results(1, 4, 0.9)).expect(200).json();
        assertEquals(4, first.path("accepted").asInt());
        assertEquals(0, first.path("duplicates").asInt());
        JsonNode second = post("/api/v1/edge/results", credential, results(5, 6, 0.2)).expect(200).json();
        assertEquals(2, second.path("accepted").asInt());
        // the agent did not see the acknowledgement and sends the second batch again
        JsonNode repeated = post("/api/v1/edge/results", credential, results(5, 6, 0.2)).expect(200).json();
        assertEquals(0, repeated.path("accepted").asInt());
        assertEquals(2, repeated.path("duplicates").asInt());
        post("/api/v1/edge/events", credential, List.of(Map.of("seq", 1, "kind", "INFERENCE_FAILURE",
                "time", T0.plusSeconds(3).toString(), "message", "input tensor had the wrong shape"))).expect(200);

        JsonNode stored = get("/api/v1/inference/results?edgeId=" + edgeId + "&limit=100", admin).expect(200).json();
        assertEquals(6, stored.path("total").asInt());
        Set<Integer> seqs = new HashSet<>();
        stored.path("items").forEach(item -> seqs.add(item.path("seq").asInt()));
        assertEquals(Set.of(1, 2, 3, 4, 5, 6), seqs);
        assertEquals(6, stored.path("items").get(0).path("seq").asInt()); // newest first

        JsonNode buckets = get("/api/v1/inference/aggregates?edgeId=" + edgeId + "&from=" + T0 + "&to="
                + T0.plusSeconds(3600) + "&bucketSeconds=3600&lowConfidenceBelow=0.5", admin).expect(200).json();
        assertEquals(1, buckets.size());
        JsonNode bucket = buckets.get(0);
        assertEquals(6, bucket.path("count").asInt());
        assertEquals((4 * 0.9 + 2 * 0.2) / 6, bucket.path("meanScore").asDouble(), 1e-9);
        assertEquals(2, bucket.path("lowConfidence").asInt());
        assertEquals(1, bucket.path("failures").asInt());

        String listed = shell("fleet:edge-list");
        assertTrue(listed, listed.contains("camera-1"));
        assertTrue(listed, listed.contains("APPROVED"));
        // the edge's collection policy from the shell, as the API then shows it
        String set = shell("fleet:edge-collection camera-1 rate:0.1");
        assertTrue(set, set.contains("rate:0.1") && set.contains("a random 10% of inputs") && set.contains("edge"));
        assertEquals("RATE", get("/api/v1/edges/" + edgeId + "/collection-policy", admin).expect(200).json()
                .path("policy").path("mode").asText());
        String bad = shell("fleet:edge-collection camera-1 sometimes");
        assertTrue(bad, bad.contains("Error: 'sometimes' is no collection policy"));
        String cleared = shell("fleet:edge-collection --clear camera-1");
        assertTrue(cleared, cleared.contains("local configuration"));

        String metrics = get("/metrics", admin).expect(200).body();
        assertTrue(metrics, metrics.contains("modelfleet_results_ingested_total"));
        assertTrue(metrics, metrics.contains("modelfleet_results_duplicates_total"));
        assertTrue(metrics, metrics.contains("modelfleet_edges_online"));
        assertTrue(metrics, metrics.contains("modelfleet_http_request_duration_seconds_bucket"));

        JsonNode audit = get("/api/v1/audit?targetType=edge&targetId=" + edgeId, admin).expect(200).json();
        Set<String> actions = new HashSet<>();
        audit.path("items").forEach(entry -> actions.add(entry.path("action").asText()));
        assertTrue(actions.toString(), actions.containsAll(Set.of("edge.enroll", "edge.approved")));
    }

    @Test
    public void anEdgeReachesOnlyItsOwnData() {
        String token = createToken(2);
        JsonNode a = enroll(token, "edge-a");
        JsonNode b = enroll(token, "edge-b");
        String credentialA = a.path("credential").asText();
        long idB = b.path("edgeId").asLong();

        // the operator API is closed to edge credentials
        get("/api/v1/edges/" + idB, credentialA).expectError(403, "forbidden");
        get("/api/v1/inference/results?edgeId=" + idB, credentialA).expectError(403, "forbidden");
        // A's secret does not open B's identity
        String secretA = credentialA.substring(credentialA.lastIndexOf('_') + 1);
        post("/api/v1/edge/heartbeat", "mfc_" + idB + "_" + secretA, Map.of()).expectError(401, "unauthenticated");
        // an edge sees itself, and only itself
        assertEquals(a.path("edgeId").asLong(), get("/api/v1/edge/self", credentialA).expect(200).json().path("id").asLong());
        // operator sessions cannot speak for an edge
        post("/api/v1/edge/heartbeat", admin, Map.of()).expectError(403, "forbidden");
        // a disabled edge is locked out
        post("/api/v1/edges/" + a.path("edgeId").asLong() + "/disable", admin, null).expect(200);
        post("/api/v1/edge/heartbeat", credentialA, Map.of()).expectError(403, "forbidden");
    }

    @Test
    public void badInputGetsClearClientErrors() {
        // authentication and roles
        get("/api/v1/edges", null).expectError(401, "unauthenticated");
        get("/api/v1/edges", "mfs_not-a-session").expectError(401, "unauthenticated");
        post("/api/v1/auth/login", null, "{\"username\":\"admin\",\"password\":\"wrong-password\"}")
                .expectError(401, "unauthenticated");
        post("/api/v1/users", admin, Map.of("username", "viewer1", "password", "viewer-password-1", "role", "VIEWER"))
                .expect(201);
        String viewer = login("viewer1", "viewer-password-1");
        get("/api/v1/edges", viewer).expect(200);
        post("/api/v1/enrollment-tokens", viewer, Map.of()).expectError(403, "forbidden");
        get("/api/v1/users", viewer).expectError(403, "forbidden");
        get("/api/v1/audit", viewer).expectError(403, "forbidden");
        call("PATCH", "/api/v1/edges/1", viewer, Map.of("location", "x")).expectError(403, "forbidden");

        // malformed bodies, unknown fields, limits
        post("/api/v1/enrollment-tokens", admin, "{\"maxUses\":").expectError(400, "invalid_input");
        post("/api/v1/enrollment-tokens", admin, "{\"maxUses\":1,\"colour\":\"red\"}").expectError(400, "invalid_input");
        post("/api/v1/enrollment-tokens", admin, Map.of("maxUses", 0)).expectError(400, "invalid_input");
        post("/api/v1/enrollment-tokens", admin, Map.of("description", "d".repeat(257))).expectError(400, "invalid_input");
        post("/api/v1/users", admin, Map.of("username", "short", "password", "short", "role", "VIEWER"))
                .expectError(400, "invalid_input");
        post("/api/v1/users", admin, Map.of("username", "viewer1", "password", "viewer-password-1", "role", "VIEWER"))
                .expectError(409, "conflict");
        post("/api/v1/edge/enroll", null, "[]").expectError(400, "invalid_input");
        post("/api/v1/edge/enroll", null, Map.of("token", "mft_unknown")).expectError(401, "unauthenticated");

        // query parameters
        get("/api/v1/edges?limit=0", admin).expectError(400, "invalid_input");
        get("/api/v1/edges?limit=abc", admin).expectError(400, "invalid_input");
        get("/api/v1/edges?state=SLEEPING", admin).expectError(400, "invalid_input");
        get("/api/v1/inference/aggregates?from=yesterday&to=now", admin).expectError(400, "invalid_input");
        get("/api/v1/inference/aggregates?from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z&bucketSeconds=1", admin)
                .expectError(400, "invalid_input");
        get("/api/v1/plugins?kind=GADGET", admin).expectError(400, "invalid_input");
        get("/api/v1/audit?from=last-week", admin).expectError(400, "invalid_input");
        get("/api/v1/users?limit=5000", admin).expectError(400, "invalid_input");
        get("/api/v1/users/nobody", admin).expectError(404, "not_found");
        call("PATCH", "/api/v1/users/viewer1", admin, Map.of("role", "OWNER")).expectError(400, "invalid_input");
        get("/api/v1/inference/results?edgeId=x", admin).expectError(400, "invalid_input");
        get("/api/v1/edges/999999", admin).expectError(404, "not_found");
        get("/api/v1/edges/not-a-number", admin).expectError(404, "not_found");
        get("/api/v1/no-such-thing", admin).expectError(404, "not_found");
        call("PATCH", "/api/v1/edges/999999", admin, Map.of("tags", Map.of("bad key!", "v"))).expectError(400, "invalid_input");

        // edge protocol limits
        JsonNode edge = enroll(createToken(1), "limits-edge");
        String credential = edge.path("credential").asText();
        post("/api/v1/edges/" + edge.path("edgeId").asLong() + "/approve", admin, null).expect(200);
        post("/api/v1/edge/results", credential, results(1, 1001, 0.5)).expectError(413, "payload_too_large");
        post("/api/v1/edge/results", credential, "{\"seq\":1}").expectError(400, "invalid_input");
        post("/api/v1/edge/results", credential, List.of(Map.of("seq", 1, "time", T0.toString(), "score", 1.5)))
                .expectError(400, "invalid_input");
        post("/api/v1/edge/results", credential, List.of(Map.of("seq", 1))).expectError(400, "invalid_input");
        post("/api/v1/edge/results", credential, List.of(Map.of("seq", 1, "time", T0.toString(), "label", "l".repeat(257))))
                .expectError(400, "invalid_input");
        post("/api/v1/edge/events", credential, List.of(Map.of("seq", 1, "kind", "MELTDOWN", "time", T0.toString(),
                "message", "x"))).expectError(400, "invalid_input");
        // nothing of the refused batches was stored
        assertEquals(0, get("/api/v1/inference/results?edgeId=" + edge.path("edgeId").asLong(), admin).expect(200)
                .json().path("total").asInt());
    }

    @Test
    public void healthIsPublicAndOpenApiDescribesTheApi() throws Exception {
        JsonNode health = get("/api/v1/health", null).expect(200).json();
        assertEquals("UP", health.path("status").asText());
        assertEquals("UP", health.path("database").asText());
        assertEquals("UP", get("/api/v1/health/live", null).expect(200).json().path("status").asText());
        get("/api/v1/openapi.json", null).expectError(401, "unauthenticated");
        // polling clients revalidate with the ETag and get an empty 304 while nothing changed
        Reply edges = get("/api/v1/edges", admin).expect(200);
        String etag = edges.headers().firstValue("ETag").orElseThrow();
        Reply unchanged = call("GET", "/api/v1/edges", admin, null, "If-None-Match", etag);
        assertEquals(304, unchanged.status());
        assertEquals("", unchanged.body());
        JsonNode openapi = get("/api/v1/openapi.json", admin).expect(200).json();
        assertTrue(openapi.path("paths").has("/v1/edge/results"));
        get("/metrics", null).expectError(401, "unauthenticated");
        get("/metrics", "wrong-token").expectError(401, "unauthenticated");
        assertTrue(get("/metrics", SCRAPE_TOKEN).expect(200).body().contains("modelfleet_edges_online"));
        // configured secrets are private configuration, never published as service properties
        org.junit.Assert.assertNull("a secret is visible as a service property", bundleContext.getServiceReferences(
                (String) null, "(|(adminPassword=*)(.adminPassword=*)(scrapeToken=*)(.scrapeToken=*))"));
    }

    @Test
    public void pluginsComeAndGoWithoutRestart() throws Exception {
        assertFalse(pluginIds().contains("itest-echo"));
        Bundle plugin = bundleContext.installBundle("mvn:io.modelfleet/io.modelfleet.itests.testplugin/"
                + System.getProperty("modelfleet.version"));
        plugin.start();
        awaitPlugin(true);
        JsonNode listed = get("/api/v1/plugins?kind=SOLUTION_TYPE", admin).expect(200).json();
        JsonNode echo = null;
        for (JsonNode entry : listed) {
            echo = "itest-echo".equals(entry.path("id").asText()) ? entry : echo;
        }
        assertEquals("io.modelfleet.itests.testplugin", echo.path("bundleSymbolicName").asText());
        assertTrue(listed.toString(), listed.toString().contains("\"tabular-classification\""));
        String table = shell("fleet:plugin-list");
        assertTrue(table, table.contains("itest-echo"));
        plugin.uninstall();
        awaitPlugin(false);
    }

    @Test
    public void theShellImportsIntoADatasetWithProgressAndPublishesAVersion() throws Exception {
        JsonNode dataset = post("/api/v1/datasets", admin, Map.of("name", "shell-parts", "kind", "TABULAR",
                "columns", List.of("width", "height"), "labels", List.of("ok", "bad"))).expect(201).json();
        java.nio.file.Path csv = java.nio.file.Files.createTempFile("shell-import-", ".csv");
        StringBuilder rows = new StringBuilder("width,height,label\n");
        for (int i = 0; i < 2500; i++) {
            rows.append(i).append(",1.5,").append(i % 3 == 0 ? "bad" : "ok").append('\n');
        }
        java.nio.file.Files.writeString(csv, rows);

        String imported = shell("fleet:dataset-import --file " + csv + " shell-parts local");
        assertTrue(imported, imported.contains("[##############################] 100%"));
        assertTrue(imported, imported.contains("SUCCEEDED: 2500 imported, 0 skipped"));
        assertTrue("the server-side file is the operator's: it stays", java.nio.file.Files.exists(csv));
        String failed = shell("fleet:dataset-import -o keyColumn=nope --file " + csv + " shell-parts local");
        assertTrue(failed, failed.contains("FAILED") && failed.contains("there is no key column 'nope'"));
        String listed = shell("fleet:dataset-list");
        assertTrue(listed, listed.contains("shell-parts") && listed.contains("2500"));
        String published = shell("fleet:dataset-publish " + dataset.path("id").asLong());
        assertTrue(published, published.contains("Published shell-parts version 1") && published.contains("with 2500 items"));
        String missing = shell("fleet:dataset-publish no-such-dataset");
        assertTrue(missing, missing.contains("Error: there is no dataset named 'no-such-dataset'"));
        java.nio.file.Files.delete(csv);
    }

    /** A dataset of two separable classes, published, and a stream on the local backend that trains on it. */
    private void tabularStream(String dataset, String stream) throws Exception {
        post("/api/v1/datasets", admin, Map.of("name", dataset, "kind", "TABULAR",
                "columns", List.of("a", "b"), "labels", List.of("left", "right"))).expect(201);
        java.nio.file.Path csv = java.nio.file.Files.createTempFile(dataset + "-", ".csv");
        StringBuilder rows = new StringBuilder("a,b,label\n");
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 400; i++) {
            boolean left = i % 2 == 0;
            rows.append(random.nextGaussian() + (left ? -2 : 2)).append(',').append(random.nextGaussian())
                    .append(',').append(left ? "left" : "right").append('\n');
        }
        java.nio.file.Files.writeString(csv, rows);
        assertTrue(shell("fleet:dataset-import --file " + csv + " " + dataset + " local").contains("SUCCEEDED"));
        java.nio.file.Files.delete(csv);
        assertTrue(shell("fleet:dataset-publish " + dataset).contains("version 1"));
        JsonNode version = get("/api/v1/datasets", admin).expect(200).json();
        long datasetId = 0;
        for (JsonNode existing : version) {
            datasetId = dataset.equals(existing.path("name").asText()) ? existing.path("id").asLong() : datasetId;
        }
        long versionId = get("/api/v1/datasets/" + datasetId + "/versions", admin).expect(200).json().get(0).path("id").asLong();
        // the backend instance comes from etc/io.modelfleet.plugin.training.local-default.cfg, which FileInstall reads
        for (int i = 0; i < 300 && !get("/api/v1/plugins?kind=TRAINING_BACKEND", admin).expect(200).json().toString()
                .contains("\"local\""); i++) {
            Thread.sleep(100);
        }
        assertTrue("the local training backend is up", get("/api/v1/plugins?kind=TRAINING_BACKEND", admin).expect(200)
                .json().toString().contains("\"local\""));
        post("/api/v1/streams", admin, Map.of("name", stream, "solutionId", "tabular-classification",
                "datasetVersionId", versionId, "backendId", "local", "parameters", Map.of("epochs", 20))).expect(201);
    }

    @Test
    public void theShellTrainsAStreamWithProgressAndListsItsRunsAndModel() throws Exception {
        tabularStream("shell-flowers", "shell-stream");
        String trained = shell("fleet:stream-train shell-stream");
        assertTrue(trained, trained.contains("Run 1 of shell-stream queued"));
        assertTrue(trained, trained.contains("[##############################] 100% SUCCEEDED"));
        assertTrue(trained, trained.contains("Model shell-stream:v1.1"));
        assertTrue(trained, trained.matches("(?s).*accuracy\\s+(0\\.9|1\\.0).*"));
        String runs = shell("fleet:run-list shell-stream");
        assertTrue(runs, runs.contains("SUCCEEDED") && runs.contains("v1.1") && runs.contains("MANUAL"));
        assertTrue(shell("fleet:stream-list").contains("shell-stream"));
        assertTrue(shell("fleet:model-list").contains("shell-stream"));
        String policy = shell("fleet:stream-collection shell-stream low-confidence:0.6");
        assertTrue(policy, policy.contains("low-confidence:0.6") && policy.contains("inputs scored below 0.6"));
        String clearedPolicy = shell("fleet:stream-collection --clear shell-stream");
        assertTrue(clearedPolicy, clearedPolicy.contains("per edge"));
        String missing = shell("fleet:stream-train no-such-stream");
        assertTrue(missing, missing.contains("stream 'no-such-stream' does not exist"));
    }

    /**
     * A rollout through the edge-agent target, the target uninstalled (rollouts refused with 409, agents told 503 and
     * nothing else refreshed) and installed again, all without a restart; and the rollout from the shell.
     */
    @Test
    public void theEdgeAgentTargetComesAndGoesWithItsFeature() throws Exception {
        tabularStream("target-flowers", "target-stream");
        assertTrue(shell("fleet:stream-train target-stream").contains("SUCCEEDED"));
        JsonNode model = get("/api/v1/models/target-stream/versions", admin).expect(200).json().get(0);
        long versionId = model.path("id").asLong();
        call("PUT", "/api/v1/model-versions/" + versionId + "/stage", admin, Map.of("stage", "APPROVED")).expect(200);
        JsonNode enrollment = enroll(createToken(1), "target-camera");
        long edgeId = enrollment.path("edgeId").asLong();
        String credential = enrollment.path("credential").asText();
        post("/api/v1/edges/" + edgeId + "/approve", admin, null).expect(200);
        assertEquals("edge-agent", get("/api/v1/edges/" + edgeId, admin).expect(200).json().path("target").asText());
        Map<String, Object> request = Map.of("modelVersionId", versionId, "edgeIds", List.of(edgeId),
                "plan", Map.of("waves", List.of(Map.of("percent", 100))));
        JsonNode rollout = post("/api/v1/rollouts", admin, request).expect(201).json();
        assertEquals("RUNNING", rollout.path("state").asText());
        JsonNode desired = get("/api/v1/edge/desired-state", credential).expect(200).json();
        assertEquals("target-stream", desired.path("model").path("manifest").path("modelName").asText());

        long coreServiceId = (Long) bundleContext.getServiceReference(io.modelfleet.api.rollout.RolloutService.class)
                .getProperty(org.osgi.framework.Constants.SERVICE_ID);
        features("uninstallFeature", "modelfleet-target-edge-agent");
        for (int i = 0; i < 100 && get("/api/v1/edge/desired-state", credential).status() != 503; i++) {
            Thread.sleep(100);
        }
        get("/api/v1/edge/desired-state", credential).expectError(503, "unavailable");
        Reply refused = post("/api/v1/rollouts", admin, request).expectError(409, "conflict");
        assertTrue(refused.body(), refused.body().contains("deployment target 'edge-agent' is not installed"));
        assertFalse(get("/api/v1/plugins?kind=DEPLOYMENT_TARGET", admin).expect(200).body().contains("edge-agent"));

        features("installFeature", "modelfleet-target-edge-agent");
        for (int i = 0; i < 100 && get("/api/v1/edge/desired-state", credential).status() != 200; i++) {
            Thread.sleep(100);
        }
        assertEquals("target-stream", get("/api/v1/edge/desired-state", credential).expect(200).json().path("model")
                .path("manifest").path("modelName").asText());
        assertEquals("the platform was not refreshed", coreServiceId, (long) (Long) bundleContext
                .getServiceReference(io.modelfleet.api.rollout.RolloutService.class)
                .getProperty(org.osgi.framework.Constants.SERVICE_ID));
        post("/api/v1/rollouts", admin, request).expect(201);

        String list = shell("fleet:rollout-list");
        assertTrue(list, list.contains("target-stream:v1.1") && list.contains("RUNNING"));
        String show = shell("fleet:rollout-show --edges " + rollout.path("id").asLong());
        assertTrue(show, show.contains("target-camera") && show.contains("PENDING"));
        String aborted = shell("fleet:rollout-abort " + rollout.path("id").asLong());
        assertTrue(aborted, aborted.contains("ABORTED"));
    }

    /**
     * An S3 data source configured through the API: listed as a data source, its secret never answered, an update
     * keeping the secret reaches the plugin, a bad value is a 400 naming the field, and the source goes with its
     * deletion (and its file in etc).
     */
    @Test
    public void pluginInstancesAreConfiguredThroughTheApi() throws Exception {
        String s3 = "io.modelfleet.plugin.source.s3";
        JsonNode type = null;
        for (JsonNode candidate : get("/api/v1/plugin-types", admin).expect(200).json()) {
            type = s3.equals(candidate.path("factoryPid").asText()) ? candidate : type;
        }
        assertTrue("the S3 source's form is listed", type != null);
        assertTrue(type.toString(), type.toString().contains("{\"id\":\"secretKey\",\"name\":\"Secret key\""));
        assertTrue(type.toString(), type.toString().contains("\"type\":\"PASSWORD\""));

        Map<String, Object> values = new java.util.HashMap<>(Map.of("id", "itest-bucket", "endpoint",
                "http://127.0.0.1:9", "bucket", "itest-one", "accessKey", "AKITEST", "secretKey", "itest-secret-key-1",
                "pageSize", 500));
        Reply created = post("/api/v1/plugin-instances", admin, Map.of("factoryPid", s3, "values", values)).expect(201);
        String pid = created.json().path("pid").asText();
        assertEquals(s3 + "~itest-bucket", pid);
        assertTrue(created.headers().firstValue("Location").orElseThrow().endsWith("/api/v1/plugin-instances/" + pid));
        assertFalse(created.body(), created.body().contains("itest-secret-key"));
        assertTrue(created.body(), created.json().path("secretsSet").path("secretKey").asBoolean());
        assertEquals(500, created.json().path("values").path("pageSize").asInt());
        awaitDataSource("S3 bucket itest-one (itest-bucket)");
        assertTrue(new java.io.File(System.getProperty("karaf.etc"), s3 + "-itest-bucket.cfg").isFile());

        JsonNode read = get("/api/v1/plugin-instances/" + pid, admin).expect(200).json();
        assertFalse(read.toString(), read.toString().contains("itest-secret-key"));
        assertTrue(read.path("secretsSet").path("secretKey").asBoolean());
        assertTrue(get("/api/v1/plugin-instances?factoryPid=" + s3, admin).expect(200).body().contains(pid));

        values.remove("secretKey");
        values.put("bucket", "itest-two");
        JsonNode updated = call("PUT", "/api/v1/plugin-instances/" + pid, admin, Map.of("values", values)).expect(200)
                .json();
        assertEquals("itest-two", updated.path("values").path("bucket").asText());
        assertTrue("the secret left out is kept", updated.path("secretsSet").path("secretKey").asBoolean());
        awaitDataSource("S3 bucket itest-two (itest-bucket)");

        values.put("pageSize", "many");
        Reply refused = call("PUT", "/api/v1/plugin-instances/" + pid, admin, Map.of("values", values))
                .expectError(400, "invalid_input");
        assertEquals(refused.body(), "must be a whole number, was 'many'",
                refused.json().path("fields").path("pageSize").asText());
        post("/api/v1/plugin-instances", admin, Map.of("factoryPid", s3, "values", Map.of("id", "itest-empty")))
                .expectError(400, "invalid_input");
        post("/api/v1/plugin-instances", admin, Map.of("factoryPid", "org.apache.karaf.jaas", "values", Map.of()))
                .expectError(404, "not_found");
        get("/api/v1/plugin-instances/org.apache.karaf.shell", admin).expectError(404, "not_found");
        post("/api/v1/users", admin, Map.of("username", "plugin-viewer", "password", "viewer-password-2", "role",
                "VIEWER")).expect(201);
        String viewer = login("plugin-viewer", "viewer-password-2");
        get("/api/v1/plugin-instances", viewer).expect(200);
        call("DELETE", "/api/v1/plugin-instances/" + pid, viewer, null).expectError(403, "forbidden");

        String audit = get("/api/v1/audit?targetType=plugin-instance", admin).expect(200).body();
        assertTrue(audit, audit.contains("plugin-instance.update") && audit.contains("secrets set: secretKey"));
        assertFalse(audit, audit.contains("itest-secret-key"));

        call("DELETE", "/api/v1/plugin-instances/" + pid, admin, null).expect(204);
        get("/api/v1/plugin-instances/" + pid, admin).expectError(404, "not_found");
        for (int i = 0; i < 100 && dataSourceNames().contains("S3 bucket itest-two (itest-bucket)"); i++) {
            Thread.sleep(100);
        }
        assertFalse(dataSourceNames().contains("S3 bucket itest-two (itest-bucket)"));
        for (int i = 0; i < 50 && new java.io.File(System.getProperty("karaf.etc"), s3 + "-itest-bucket.cfg").exists(); i++) {
            Thread.sleep(100);
        }
        assertFalse("the file goes with the instance",
                new java.io.File(System.getProperty("karaf.etc"), s3 + "-itest-bucket.cfg").exists());
    }

    /** The same from the shell: secrets shown only as set, an update changing only what is typed. */
    @Test
    public void pluginInstancesAreConfiguredFromTheShell() throws Exception {
        String s3 = "io.modelfleet.plugin.source.s3";
        String pid = s3 + "~itest-shell";
        assertTrue(shell("fleet:plugin-types " + s3).contains("secretKey"));
        String created = shell("fleet:plugin-instance-create " + s3
                + " id=itest-shell endpoint=http://127.0.0.1:9 bucket=shell-bucket accessKey=AK2"
                + " secretKey=itest-secret-key-2");
        assertTrue(created, created.contains("Plugin instance " + pid + " created"));
        assertFalse(created, created.contains("itest-secret-key"));
        awaitDataSource("S3 bucket shell-bucket (itest-shell)");
        String updated = shell("fleet:plugin-instance-update " + pid + " bucket=shell-bucket-2");
        assertTrue(updated, updated.contains("shell-bucket-2") && updated.contains("(secret set)"));
        awaitDataSource("S3 bucket shell-bucket-2 (itest-shell)");
        String listed = shell("fleet:plugin-instance-list --type " + s3);
        assertTrue(listed, listed.contains(pid) && listed.contains("secretKey set"));
        String shown = shell("fleet:plugin-instance-show " + pid);
        assertTrue(shown, shown.contains("shell-bucket-2") && !shown.contains("itest-secret-key"));
        String refused = shell("fleet:plugin-instance-update " + pid + " pageSize=many");
        assertTrue(refused, refused.contains("Error: ") && refused.contains("pageSize must be a whole number"));
        assertTrue(shell("fleet:plugin-instance-delete " + pid).contains("deleted"));
        for (int i = 0; i < 100 && dataSourceNames().contains("S3 bucket shell-bucket-2 (itest-shell)"); i++) {
            Thread.sleep(100);
        }
        assertFalse(dataSourceNames().contains("S3 bucket shell-bucket-2 (itest-shell)"));
    }

    private Set<String> dataSourceNames() {
        Set<String> names = new HashSet<>();
        get("/api/v1/plugins?kind=DATA_SOURCE", admin).expect(200).json()
                .forEach(p -> names.add(p.path("displayName").asText()));
        return names;
    }

    private void awaitDataSource(String displayName) throws InterruptedException {
        for (int i = 0; i < 100 && !dataSourceNames().contains(displayName); i++) {
            Thread.sleep(100);
        }
        assertTrue(dataSourceNames().toString(), dataSourceNames().contains(displayName));
    }

    private Set<String> pluginIds() {
        Set<String> ids = new HashSet<>();
        get("/api/v1/plugins", admin).expect(200).json().forEach(p -> ids.add(p.path("id").asText()));
        return ids;
    }

    private void awaitPlugin(boolean present) throws InterruptedException {
        for (int i = 0; i < 100 && pluginIds().contains("itest-echo") != present; i++) {
            Thread.sleep(100);
        }
        assertEquals(present, pluginIds().contains("itest-echo"));
    }
}
