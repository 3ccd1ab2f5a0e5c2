package io.modelfleet.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.modelfleet.agent.release.ReleaseState;
import io.modelfleet.api.deployment.DesiredState;
import io.modelfleet.api.deployment.ModelManifest;
import io.modelfleet.api.deployment.SignedAgentManifest;
import io.modelfleet.api.deployment.SignedManifest;
import io.modelfleet.api.model.ModelSignature;
import io.modelfleet.api.spi.runtime.InferenceRuntime;
import io.modelfleet.api.spi.runtime.LoadedModel;
import io.modelfleet.api.spi.runtime.Prediction;

/**
 * The agent against a scripted edge protocol server (the JDK's HTTP server, as in {@link ServerClientDownloadTest}):
 * an agent given its identity in files ({@code serve}) authenticates with that credential and never enrolls, and a
 * desired state without a model takes the model in service out of service, while a 304 or an error leaves it alone.
 * An agent release in the desired state is downloaded (resuming), verified, unpacked and restarted into, and its
 * trial confirmed once the agent proved healthy; settings the server pushes apply and persist. The clock is the
 * test's, so every tick finds heartbeat and poll due.
 */
class EdgeAgentTest {
    private static final long EDGE = 7;
    private static final String SECRET = "s3cr3t-Xy_9";
    private static final String CREDENTIAL = "mfc_" + EDGE + "_" + SECRET;

    @TempDir
    Path dir;
    private HttpServer server;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<JsonNode> heartbeats = new CopyOnWriteArrayList<>();
    private volatile int desiredStatus = 304;
    private volatile String desiredBody = "";
    private final AtomicLong now = new AtomicLong(System.currentTimeMillis());
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    };
    private KeyPair serverKey;
    private Path credentialFile;
    private Path serverKeyFile;
    private final AtomicBoolean modelClosed = new AtomicBoolean();
    private EdgeAgent agent;
    /** {@code <updateId> <STATUS> <detail>} of each agent update report the server received. */
    private final List<String> updateReports = new CopyOnWriteArrayList<>();
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private volatile byte[] releaseArchive = new byte[0];
    private final AtomicBoolean cutNextDownload = new AtomicBoolean();
    private final AtomicInteger restarts = new AtomicInteger();
    private volatile boolean runtimeInstalled = true;

    private final InferenceRuntime runtime = new InferenceRuntime() {
        @Override
        public String format() {
            return "scripted";
        }

        @Override
        public String runtimeVersion() {
            return "scripted-1";
        }

        @Override
        public LoadedModel load(Path artifact, Map<String, String> metadata) {
            modelClosed.set(false);
            return new LoadedModel() {
                @Override
                public ModelSignature signature() {
                    return ModelSignature.EMPTY;
                }

                @Override
                public Prediction predict(Map<String, Object> inputs) {
                    return new Prediction("ok", 0.9, Map.of(), Map.of(), 0.1);
                }

                @Override
                public Map<String, Object> sampleInput() {
                    return Map.of();
                }

                @Override
                public void close() {
                    modelClosed.set(true);
                }
            };
        }
    };

    @BeforeEach
    void start() throws Exception {
        serverKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        credentialFile = Files.writeString(dir.resolve("credential"), CREDENTIAL + "\n");
        serverKeyFile = Files.writeString(dir.resolve("server-key"),
                Base64.getEncoder().encodeToString(serverKey.getPublic().getEncoded()) + "\n");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        if (agent != null) {
            agent.close();
        }
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        calls.add(exchange.getRequestMethod() + " " + path + " " + exchange.getRequestHeaders().getFirst("Authorization"));
        byte[] request = exchange.getRequestBody().readAllBytes();
        switch (path) {
        case "/api/v1/edge/heartbeat" -> {
            heartbeats.add(Json.MAPPER.readTree(request));
            respond(exchange, 200, "{\"state\":\"APPROVED\",\"desiredStateEtag\":\"e2\",\"heartbeatIntervalSeconds\":15}");
        }
        case "/api/v1/edge/desired-state" -> respond(exchange, desiredStatus, desiredBody);
        case "/api/v1/edge/enroll" -> respond(exchange, 201, "{\"edgeId\":99,\"name\":\"x\",\"credential\":\"mfc_99_enrolled\","
                + "\"state\":\"PENDING\",\"serverPublicKey\":\"" + Files.readString(serverKeyFile).trim() + "\"}");
        case "/api/v1/edge/results" -> respond(exchange, 200, "{\"accepted\":1,\"duplicates\":0}");
        default -> {
            if (path.startsWith("/api/v1/edge/agent-updates/")) {
                JsonNode report = Json.MAPPER.readTree(request);
                updateReports.add(path.split("/")[5] + " " + report.path("status").asText() + " "
                        + report.path("detail").asText(""));
                respond(exchange, 200, "{}");
            } else if (path.startsWith("/api/v1/edge/agent-artifacts/")) {
                serveArchive(exchange);
            } else {
                respond(exchange, 204, "");
            }
        }
        }
    }

    /** The gateway's range dialect (bytes=N-, 206); the first answer may be cut off half-way. */
    private void serveArchive(HttpExchange exchange) throws IOException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        ranges.add(String.valueOf(range));
        byte[] archive = releaseArchive;
        int from = range == null ? 0 : Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
        exchange.sendResponseHeaders(range == null ? 200 : 206, archive.length - from);
        try (OutputStream out = exchange.getResponseBody()) {
            if (cutNextDownload.getAndSet(false)) {
                out.write(archive, from, (archive.length - from) / 2);
                out.flush();
                exchange.close(); // the connection drops mid-body
                return;
            }
            out.write(archive, from, archive.length - from);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, status == 204 || status == 304 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (status != 204 && status != 304) {
                out.write(bytes);
            }
        }
    }

    /** An agent given its identity in files, with a token configured that it must not use. */
    private EdgeAgent serve(Path data) throws IOException {
        return new EdgeAgent(new AgentSettings("http://127.0.0.1:" + server.getAddress().getPort(), "mft_not-to-be-used",
                data, "k8s-edge", 64L << 20, 15, 10, HealthPolicy.DEFAULT, SamplePolicy.of("off", 0.6, 0.05, 65_536),
                credentialFile, serverKeyFile), HttpClient.newHttpClient(), format -> runtime, () -> null, clock);
    }

    /** As {@link #serve}, started by the launcher with {@code running} (empty: the installed set). */
    private EdgeAgent launched(Path data, String running, boolean trial, String updateId) throws IOException {
        return new EdgeAgent(new AgentSettings("http://127.0.0.1:" + server.getAddress().getPort(), "", data, "edge",
                64L << 20, 15, 10, HealthPolicy.DEFAULT, SamplePolicy.of("off", 0.6, 0.05, 65_536), credentialFile,
                serverKeyFile), HttpClient.newHttpClient(), format -> runtimeInstalled ? runtime : null, () -> null, clock,
                new AgentReleases.Launch(data.resolve("releases"), running, trial, updateId, restarts::incrementAndGet));
    }

    /** The server wants this agent release (and model, settings) from now on. */
    private SignedAgentManifest desire(long updateId, String version, byte[] archive, SignedManifest model,
            io.modelfleet.api.deployment.AgentSettings settings) throws Exception {
        releaseArchive = archive;
        SignedAgentManifest signed = ReleaseFixtures.sign(ReleaseFixtures.manifest(updateId, EDGE, version, archive,
                Instant.ofEpochMilli(now.get())), serverKey);
        desiredStatus = 200;
        desiredBody = Json.MAPPER.writeValueAsString(new DesiredState("e" + updateId, model, null, signed, settings));
        return signed;
    }

    /** A tick a minute after the last: heartbeat and poll are due, and backoffs have passed. */
    private void tick() {
        now.addAndGet(60_000);
        agent.tick();
    }

    /** The data dir of an agent that served a model for {@code edgeId} before a restart. */
    private String modelInService(Path data, long edgeId, KeyPair key) throws Exception {
        Path models = Files.createDirectories(data.resolve("models"));
        Path artifact = Files.writeString(dir.resolve("model.scripted"), "scripted");
        String sha256 = ManifestVerifier.sha256(artifact);
        Files.copy(artifact, models.resolve(sha256 + ".scripted"));
        ModelManifest manifest = new ModelManifest(1, edgeId, 1, "m", "v1", "scripted", sha256, Files.size(artifact),
                "/api/v1/edge/artifacts/1", Map.of(), Instant.ofEpochMilli(now.get()),
                Instant.ofEpochMilli(now.get()).plusSeconds(24 * 3600));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key.getPrivate());
        signer.update(manifest.canonicalBytes());
        Json.MAPPER.writeValue(models.resolve("current.json").toFile(),
                new SignedManifest(manifest, Base64.getEncoder().encodeToString(signer.sign())));
        return manifest.reference();
    }

    @Test
    void anAgentGivenItsIdentityInFilesHeartbeatsWithThatCredentialAndNeverEnrolls() throws Exception {
        Path data = dir.resolve("agent");
        agent = serve(data);
        tick();
        tick();
        assertEquals(EDGE, agent.status().edgeId());
        assertTrue(calls.stream().anyMatch(c -> c.equals("POST /api/v1/edge/heartbeat Bearer " + CREDENTIAL)), calls.toString());
        assertTrue(calls.stream().noneMatch(c -> c.contains("/enroll")), "never enrolls: " + calls);
        assertTrue(calls.stream().allMatch(c -> c.endsWith("Bearer " + CREDENTIAL)), calls.toString());
        assertFalse(Files.exists(data.resolve(Identity.FILE)), "the secret is not copied into the data dir");
    }

    @Test
    void theIdentityFilesWinOverAnotherEdgesIdentityInTheDataDir() throws Exception {
        Path data = Files.createDirectories(dir.resolve("agent"));
        KeyPair otherServer = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        new Identity("http://old.example", 9, "old", "mfc_9_old",
                Base64.getEncoder().encodeToString(otherServer.getPublic().getEncoded())).save(data);
        modelInService(data, 9, otherServer);
        agent = serve(data);
        assertNull(agent.status().model(), "the other edge's model is not this edge's to serve");
        tick();
        assertEquals(EDGE, agent.status().edgeId());
        assertEquals("POST /api/v1/edge/heartbeat Bearer " + CREDENTIAL, calls.get(0));
    }

    @Test
    void malformedIdentityFilesStopTheStartWithoutShowingTheSecret() throws Exception {
        for (String bad : List.of("mfc_x_" + SECRET, "mfc_07_" + SECRET, SECRET, "mfc_7_" + SECRET + "\nsecond line",
                "mfc_7_")) {
            Files.writeString(credentialFile, bad);
            IOException refused = assertThrows(IOException.class, () -> serve(dir.resolve("agent")));
            assertTrue(refused.getMessage().contains(credentialFile.toString()), refused.getMessage());
            assertFalse(refused.getMessage().contains(SECRET), refused.getMessage());
        }
        Files.writeString(credentialFile, CREDENTIAL);
        Files.writeString(serverKeyFile, "bm90IGEga2V5");
        IOException refused = assertThrows(IOException.class, () -> serve(dir.resolve("agent")));
        assertTrue(refused.getMessage().contains(serverKeyFile + " does not hold the server's Ed25519 public key"),
                refused.getMessage());
    }

    @Test
    void aDesiredStateWithoutAModelTakesTheModelOutOfServiceButNoAnswerDoes() throws Exception {
        Path data = dir.resolve("agent");
        String reference = modelInService(data, EDGE, serverKey);
        agent = serve(data);
        assertEquals(reference, agent.status().model());

        desiredStatus = 304;
        tick();
        desiredStatus = 503;
        desiredBody = "{\"error\":\"unavailable\"}";
        tick();
        assertTrue(agent.status().lastProblem().startsWith("desired state failed"), agent.status().lastProblem());
        desiredStatus = 200;
        desiredBody = "not json";
        tick();
        assertEquals(reference, agent.status().model(), "a 304, a server error or a garbled answer withdraw nothing");
        assertEquals("ok", agent.infer(Map.of(), "test").prediction().label());
        assertEquals("READY", heartbeats.get(heartbeats.size() - 1).path("inferenceStatus").asText());

        desiredBody = "{\"etag\":\"e2\",\"model\":null}";
        tick();
        assertNull(agent.status().model());
        assertThrows(ModelManager.NoModelException.class, () -> agent.infer(Map.of(), "test"));
        assertTrue(modelClosed.get());
        assertFalse(Files.exists(data.resolve("models/current.json")));
        agent.tick(); // the heartbeat is due at once
        JsonNode last = heartbeats.get(heartbeats.size() - 1);
        assertEquals("NO_MODEL", last.path("inferenceStatus").asText(), last.toString());
        assertTrue(last.path("modelVersion").isNull() || last.path("modelVersion").isMissingNode(), last.toString());
        assertTrue(calls.stream().noneMatch(c -> c.contains("/deployments/")), "no deployment to report on: " + calls);

        agent.close();
        agent = serve(data);
        assertNull(agent.status().model(), "a restart does not bring it back");
    }

    @Test
    void anAgentReleaseIsDownloadedResumingVerifiedAndTheAgentRestartsIntoIt() throws Exception {
        Path data = dir.resolve("agent");
        agent = launched(data, "", false, "");
        byte[] archive = ReleaseFixtures.agentRelease("2.0.0", "2.0.0");
        desire(21, "2.0.0", archive, null, null);
        cutNextDownload.set(true);
        tick();
        assertTrue(agent.status().lastProblem().startsWith("desired state failed"), agent.status().lastProblem());
        assertEquals(0, restarts.get());
        tick();

        assertEquals(2, ranges.size(), ranges.toString());
        assertEquals("null", ranges.get(0));
        assertTrue(ranges.get(1).matches("bytes=[1-9][0-9]*-"), "resumed where the cut left it: " + ranges);
        assertEquals(List.of("21 DOWNLOADING ", "21 VERIFIED restarting into agent release 2.0.0"),
                updateReports.stream().distinct().toList());
        assertEquals(1, restarts.get());
        assertTrue(Files.exists(data.resolve("releases/2.0.0/io.modelfleet.agent.jar")));
        ReleaseState state = ReleaseState.load(data.resolve("releases"));
        assertEquals("2.0.0", state.get(ReleaseState.PENDING));
        assertEquals("21", state.get(ReleaseState.PENDING_UPDATE_ID));
        assertEquals("120", state.get(ReleaseState.HEALTH_SECONDS), "the default when the server pushes none");
        assertEquals("the installed set", agent.status().release());
    }

    @Test
    void aReleaseWithABadSignatureOrChecksumIsReportedFailed() throws Exception {
        agent = launched(dir.resolve("agent"), "", false, "");
        SignedAgentManifest signed = desire(22, "2.0.0", ReleaseFixtures.agentRelease("2.0.0", "2.0.0"), null, null);
        KeyPair stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        desiredBody = Json.MAPPER.writeValueAsString(new DesiredState("e22", null, null,
                ReleaseFixtures.sign(signed.manifest(), stranger), null));
        tick();
        byte[] archive = ReleaseFixtures.agentRelease("2.0.1", "2.0.1");
        desire(23, "2.0.1", archive, null, null);
        byte[] tampered = archive.clone();
        tampered[tampered.length / 2] ^= 1;
        releaseArchive = tampered;
        tick();
        tick();

        assertEquals(3, updateReports.size(), updateReports.toString());
        assertTrue(updateReports.get(0).startsWith("22 FAILED rejected before download: the manifest signature does not "
                + "verify with the pinned server key"), updateReports.get(0));
        assertEquals("23 DOWNLOADING ", updateReports.get(1));
        assertTrue(updateReports.get(2).startsWith("23 FAILED rejected after download: the release archive's sha256 is"),
                updateReports.get(2));
        assertEquals(1, ranges.size(), "a failed update is not fetched again");
        assertEquals(0, restarts.get());
    }

    @Test
    void aReleaseOnTrialIsConfirmedOnceTheAgentBeatsPollsAndServesItsModel() throws Exception {
        Path data = dir.resolve("agent");
        modelInService(data, EDGE, serverKey);
        ReleaseState pending = ReleaseState.load(data.resolve("releases"));
        pending.set(ReleaseState.PENDING, "2.0.0");
        pending.set(ReleaseState.PENDING_UPDATE_ID, "24");
        pending.set(ReleaseState.ATTEMPTS, "1");
        pending.save();
        Files.createDirectories(data.resolve("releases/2.0.0"));
        Files.writeString(data.resolve("releases").resolve(AgentReleases.TRIAL_STARTED_MARKER), "2.0.0\n");
        SignedManifest model = Json.MAPPER.readValue(data.resolve("models/current.json").toFile(), SignedManifest.class);

        runtimeInstalled = false; // as if the release broke the runtime: the model cannot serve
        agent = launched(data, "2.0.0", true, "24");
        desire(24, "2.0.0", ReleaseFixtures.agentRelease("2.0.0", "2.0.0"), model, null);
        tick();
        tick();
        assertEquals("2.0.0", ReleaseState.load(data.resolve("releases")).get(ReleaseState.PENDING),
                "not confirmed while the assigned model does not serve");
        assertEquals("agent release 2.0.0 (on trial)", agent.status().release());

        runtimeInstalled = true;
        tick();
        assertEquals("2.0.0", ReleaseState.load(data.resolve("releases")).get(ReleaseState.CURRENT));
        assertEquals(List.of("24 ACTIVE agent release 2.0.0 proved healthy; it replaced the installed set"), updateReports);
        assertEquals("agent release 2.0.0", agent.status().release());
        assertEquals(List.of(), ranges);
        assertEquals(0, restarts.get());
    }

    @Test
    void pushedSettingsApplyAtOnceAndHoldAcrossRestartsUntilTheServerTakesThemBack() throws Exception {
        Path data = dir.resolve("agent");
        agent = launched(data, "", false, "");
        desiredStatus = 200;
        desiredBody = Json.MAPPER.writeValueAsString(new DesiredState("s1", null, null, null,
                new io.modelfleet.api.deployment.AgentSettings(5, 30, 200)));
        tick();
        assertEquals(5, agent.heartbeatSeconds());
        assertEquals(30, agent.pollSeconds());
        assertEquals(200, agent.updateHealthSeconds());
        agent.close();

        desiredStatus = 503;
        agent = launched(data, "", false, "");
        assertEquals(30, agent.pollSeconds(), "kept in " + PushedSettings.FILE);
        tick();
        assertEquals(5, agent.heartbeatSeconds(), "in force before the server answers a desired state again");

        desiredStatus = 200;
        desiredBody = Json.MAPPER.writeValueAsString(new DesiredState("s2", null, null, null,
                new io.modelfleet.api.deployment.AgentSettings(null, 20, null)));
        tick();
        tick();
        assertEquals(15, agent.heartbeatSeconds(), "a field the server leaves open is the configuration's");
        assertEquals(20, agent.pollSeconds());
        assertEquals(AgentReleases.DEFAULT_HEALTH_SECONDS, agent.updateHealthSeconds());

        desiredBody = Json.MAPPER.writeValueAsString(new DesiredState("s3", null, null, null, null));
        tick();
        assertEquals(10, agent.pollSeconds());
        assertFalse(Files.exists(data.resolve(PushedSettings.FILE)));
    }

    @Test
    void aSimulatedAgentAnswersAnAgentUpdateFailedOnce() throws Exception {
        agent = serve(dir.resolve("agent"));
        desire(25, "2.0.0", ReleaseFixtures.agentRelease("2.0.0", "2.0.0"), null, null);
        tick();
        tick();
        assertEquals(List.of("25 FAILED simulated agents do not install agent releases"), updateReports);
        assertEquals(List.of(), ranges);
    }
}
