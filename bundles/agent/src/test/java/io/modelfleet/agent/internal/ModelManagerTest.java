package io.modelfleet.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.modelfleet.api.deployment.ModelManifest;
import io.modelfleet.api.deployment.SignedManifest;
import io.modelfleet.api.deployment.StatusReport;
import io.modelfleet.api.edge.InferenceStatus;
import io.modelfleet.api.model.ModelSignature;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;
import io.modelfleet.api.spi.runtime.InferenceRuntime;
import io.modelfleet.api.spi.runtime.LoadedModel;
import io.modelfleet.api.spi.runtime.Prediction;

/**
 * Verification, swap and rollback with a scripted runtime plugin: a "model" file says how the model behaves
 * ({@code ok:<label>}, {@code fail-load}, {@code fail-run}, {@code fail-live:<label>} which passes warm-up and fails
 * real requests). The ONNX runtime itself is exercised by the runtime-onnx tests and the fleet integration test.
 */
class ModelManagerTest {
    private static final long EDGE = 7;

    @TempDir
    Path dir;
    private KeyPair serverKey;
    private ManifestVerifier verifier;
    private final Map<Long, StatusReport> reports = new ConcurrentHashMap<>();
    private final List<String> downloads = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Path> published = new ConcurrentHashMap<>();
    private final List<ScriptedModel> loaded = Collections.synchronizedList(new ArrayList<>());
    private ModelManager manager;

    /** As an input: the request says when it runs, then waits to be let go. */
    private record Hold(CountDownLatch running, CountDownLatch letGo) {
    }

    /** Scripted behaviour; closing it makes every later call fail, as a closed native session would. */
    private final class ScriptedModel implements LoadedModel {
        final String script;
        final AtomicBoolean closed = new AtomicBoolean();
        final AtomicBoolean warm = new AtomicBoolean();
        final AtomicInteger calls = new AtomicInteger();

        ScriptedModel(String script) {
            this.script = script;
        }

        @Override
        public ModelSignature signature() {
            return ModelSignature.EMPTY;
        }

        @Override
        public Prediction predict(Map<String, Object> inputs) throws Exception {
            if (closed.get()) {
                throw new IllegalStateException("used after close");
            }
            int call = calls.incrementAndGet();
            if (inputs.containsKey("slow")) {
                Thread.sleep(50);
            }
            if (inputs.get("hold") instanceof Hold hold) {
                hold.running().countDown();
                hold.letGo().await();
            }
            if (closed.get()) {
                throw new IllegalStateException("closed during a request");
            }
            if (script.equals("fail-run") || (script.startsWith("fail-live") && !inputs.containsKey("warmup"))) {
                throw new Exception("scripted failure on call " + call);
            }
            return new Prediction(script.substring(script.indexOf(':') + 1), 0.9, Map.of(), Map.of(), 0.1);
        }

        @Override
        public Map<String, Object> sampleInput() {
            return Map.of("warmup", 1);
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

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
        public LoadedModel load(Path artifact, Map<String, String> metadata) throws Exception {
            String script = Files.readString(artifact).trim();
            if (script.equals("fail-load")) {
                throw new Exception("scripted load failure");
            }
            ScriptedModel model = new ScriptedModel(script);
            loaded.add(model);
            return model;
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        serverKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        verifier = new ManifestVerifier(Base64.getEncoder().encodeToString(serverKey.getPublic().getEncoded()), EDGE);
        manager = newManager();
    }

    private ModelManager newManager() throws IOException {
        return new ModelManager(dir.resolve("models"), verifier, format -> format.equals("scripted") ? runtime : null,
                (path, target, size) -> {
                    downloads.add(path);
                    Files.copy(published.get(path), target, StandardCopyOption.REPLACE_EXISTING);
                }, (id, report) -> reports.put(id, report),
                new HealthPolicy(3, 60_000, 10, 0.2, 1000), Clock.systemUTC());
    }

    /** Publishes a scripted model and returns its manifest signed with {@code key}. */
    private SignedManifest publish(long deploymentId, String script, KeyPair key) throws Exception {
        Path file = Files.writeString(dir.resolve("published-" + deploymentId), script);
        String path = "/api/v1/edge/artifacts/" + deploymentId;
        published.put(path, file);
        ModelManifest manifest = new ModelManifest(deploymentId, EDGE, deploymentId, "m", "v" + deploymentId, "scripted",
                ManifestVerifier.sha256(file), Files.size(file), path, Map.of(), Instant.now(),
                Instant.now().plusSeconds(3600));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key.getPrivate());
        signer.update(manifest.canonicalBytes());
        return new SignedManifest(manifest, Base64.getEncoder().encodeToString(signer.sign()));
    }

    private String serve() throws Exception {
        return manager.predict(Map.of()).label();
    }

    @Test
    void swapsInAVerifiedModelAndServesItAfterARestart() throws Exception {
        manager.apply(publish(1, "ok:first", serverKey));
        assertEquals(EdgeDeploymentStatus.ACTIVE, reports.get(1L).status());
        assertEquals("first", serve());
        manager.close();
        ModelManager restarted = newManager();
        restarted.restore();
        assertEquals("first", restarted.predict(Map.of()).label());
        assertFalse(restarted.wants(publish(1, "ok:first", serverKey)), "the deployment in service is not redone");
        restarted.close();
    }

    @Test
    void afterARestartTheModelServesOnceItsRuntimeArrives() throws Exception {
        manager.apply(publish(1, "ok:first", serverKey));
        manager.close();
        java.util.concurrent.atomic.AtomicBoolean runtimeThere = new java.util.concurrent.atomic.AtomicBoolean();
        ModelManager restarted = new ModelManager(dir.resolve("models"), verifier,
                format -> runtimeThere.get() && format.equals("scripted") ? runtime : null,
                (path, target, size) -> Files.copy(published.get(path), target, StandardCopyOption.REPLACE_EXISTING),
                (id, report) -> reports.put(id, report), new HealthPolicy(3, 60_000, 10, 0.2, 1000), Clock.systemUTC());
        restarted.restore(); // at start-up, before the runtime service is bound
        assertTrue(restarted.current().isEmpty());
        restarted.restoreIfPending();
        assertTrue(restarted.current().isEmpty(), "still no runtime");
        runtimeThere.set(true);
        restarted.restoreIfPending();
        assertEquals("first", restarted.predict(Map.of()).label());
        restarted.close();
    }

    @Test
    void aManifestSignedWithAnotherKeyIsRejectedBeforeDownload() throws Exception {
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        manager.apply(publish(2, "ok:forged", other));
        assertEquals(EdgeDeploymentStatus.FAILED, reports.get(2L).status());
        assertTrue(reports.get(2L).detail().contains("signature"), reports.get(2L).detail());
        assertEquals(List.of(), downloads, "nothing was downloaded");
        assertThrows(ModelManager.NoModelException.class, this::serve);
    }

    @Test
    void aManifestForAnotherEdgeOrAlteredAfterSigningIsRejected() throws Exception {
        SignedManifest signed = publish(3, "ok:x", serverKey);
        ModelManifest m = signed.manifest();
        ModelManifest altered = new ModelManifest(m.deploymentId(), m.edgeId(), m.modelVersionId(), m.modelName(),
                m.modelVersion(), m.format(), "0".repeat(64), m.sizeBytes(), m.artifactPath(), m.metadata(),
                m.issuedAt(), m.expiresAt());
        manager.apply(new SignedManifest(altered, signed.signature()));
        assertEquals(EdgeDeploymentStatus.FAILED, reports.get(3L).status());
        assertEquals(List.of(), downloads);
    }

    @Test
    void aTamperedArtifactIsRejectedBeforeLoading() throws Exception {
        manager.apply(publish(1, "ok:first", serverKey));
        SignedManifest next = publish(4, "ok:second", serverKey);
        Files.writeString(published.get(next.manifest().artifactPath()), "ok:evil!!"); // same size, other bytes
        int loadsBefore = loaded.size();
        manager.apply(next);
        assertEquals(EdgeDeploymentStatus.FAILED, reports.get(4L).status());
        assertTrue(reports.get(4L).detail().contains("sha256"), reports.get(4L).detail());
        assertEquals(loadsBefore, loaded.size(), "the tampered file was never loaded");
        assertEquals("first", serve());
        manager.apply(next);
        assertEquals(1, downloads.stream().filter(p -> p.endsWith("/4")).count(), "a failed deployment is not retried");
    }

    @Test
    void modelsThatFailToLoadOrWarmUpNeverReplaceTheRunningOne() throws Exception {
        manager.apply(publish(1, "ok:first", serverKey));
        manager.apply(publish(5, "fail-load", serverKey));
        assertEquals(EdgeDeploymentStatus.FAILED, reports.get(5L).status());
        manager.apply(publish(6, "fail-run", serverKey));
        assertEquals(EdgeDeploymentStatus.FAILED, reports.get(6L).status());
        assertTrue(reports.get(6L).detail().contains("health check before swap"), reports.get(6L).detail());
        assertTrue(loaded.get(loaded.size() - 1).closed.get(), "the failed candidate's session was closed");
        assertEquals("first", serve());
    }

    @Test
    void aModelFailingLiveRequestsAfterTheSwapIsRolledBack() throws Exception {
        manager.apply(publish(1, "ok:first", serverKey));
        ScriptedModel first = loaded.get(0);
        manager.apply(publish(7, "fail-live:second", serverKey));
        assertEquals(EdgeDeploymentStatus.ACTIVE, reports.get(7L).status());
        List<String> answeredBy = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ModelManager.Answer answer = manager.answer(Map.of());
            answeredBy.add(answer.manifest().reference() + " " + answer.prediction().label());
        }
        assertEquals(Collections.nCopies(10, "m:v1 first"), answeredBy,
                "every request the new model failed was answered by the one kept for its window");
        assertEquals(EdgeDeploymentStatus.ROLLED_BACK, reports.get(7L).status());
        assertTrue(reports.get(7L).detail().contains("error rate"), reports.get(7L).detail());
        assertFalse(first.closed.get(), "the previous model was kept loaded for the rollback");
        assertEquals("first", serve());
        assertEquals("m:v1", manager.current().orElseThrow().reference());
    }

    @Test
    void aSwapUnderConcurrentRequestsFailsNone() throws Exception {
        manager.apply(publish(1, "ok:first", serverKey));
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger served = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread client = new Thread(() -> {
                while (running.get()) {
                    try {
                        manager.predict(Map.of("slow", true));
                        served.incrementAndGet();
                    } catch (Exception e) {
                        errors.add(e.toString());
                    }
                }
            });
            client.start();
            clients.add(client);
        }
        Thread.sleep(200);
        for (long deployment = 10; deployment < 14; deployment++) {
            manager.apply(publish(deployment, "ok:v" + deployment, serverKey));
            manager.checkHealth();
            Thread.sleep(150);
        }
        running.set(false);
        for (Thread client : clients) {
            client.join();
        }
        assertEquals(List.of(), errors, "no request hit a closed or missing model");
        assertTrue(served.get() > 50);
        assertEquals("vv13".substring(1), serve());
    }

    @Test
    void aWithdrawnModelIsOutOfServiceAndStaysOutAfterARestart() throws Exception {
        manager.apply(publish(1, "ok:first", serverKey));
        reports.clear();
        assertTrue(manager.withdraw());
        assertThrows(ModelManager.NoModelException.class, this::serve);
        assertEquals(InferenceStatus.NO_MODEL, manager.inferenceStatus());
        assertTrue(loaded.get(0).closed.get(), "nothing ran on it, so it closed at once");
        assertFalse(Files.exists(dir.resolve("models/current.json")), "the manifest in service is forgotten");
        assertEquals(Map.of(), reports, "there is no deployment to report on");
        assertFalse(manager.withdraw(), "nothing left to withdraw");
        manager.close();
        ModelManager restarted = newManager();
        restarted.restore();
        assertTrue(restarted.current().isEmpty());
        assertThrows(ModelManager.NoModelException.class, () -> restarted.predict(Map.of()));
        restarted.close();
    }

    @Test
    void aRequestInFlightFinishesOnTheWithdrawnModel() throws Exception {
        manager.apply(publish(1, "ok:first", serverKey));
        Hold hold = new Hold(new CountDownLatch(1), new CountDownLatch(1));
        List<Object> outcome = Collections.synchronizedList(new ArrayList<>());
        Thread request = new Thread(() -> {
            try {
                outcome.add(manager.predict(Map.of("hold", hold)).label());
            } catch (Exception e) {
                outcome.add(e);
            }
        });
        request.start();
        assertTrue(hold.running().await(10, TimeUnit.SECONDS));
        manager.withdraw();
        assertFalse(loaded.get(0).closed.get(), "not closed under the running request");
        assertThrows(ModelManager.NoModelException.class, this::serve, "new requests find no model");
        hold.letGo().countDown();
        request.join(10_000);
        assertEquals(List.of("first"), outcome);
        assertTrue(loaded.get(0).closed.get(), "closed when its last request ended");
    }

    @Test
    void aWithdrawalInTheHealthWindowClosesTheModelKeptForARollbackToo() throws Exception {
        manager.apply(publish(1, "ok:first", serverKey));
        manager.apply(publish(2, "ok:second", serverKey));
        assertTrue(manager.withdraw());
        assertTrue(loaded.get(0).closed.get() && loaded.get(1).closed.get());
        manager.checkHealth();
        assertEquals(EdgeDeploymentStatus.ACTIVE, reports.get(2L).status(), "no rollback to the withdrawn model");
        assertThrows(ModelManager.NoModelException.class, this::serve);
    }

    @Test
    void aModelWaitingForItsRuntimeAfterARestartIsNotServedOnceWithdrawn() throws Exception {
        manager.apply(publish(1, "ok:first", serverKey));
        manager.close();
        AtomicBoolean runtimeThere = new AtomicBoolean();
        ModelManager restarted = new ModelManager(dir.resolve("models"), verifier,
                format -> runtimeThere.get() ? runtime : null, (path, target, size) -> {
                }, (id, report) -> reports.put(id, report), new HealthPolicy(3, 60_000, 10, 0.2, 1000), Clock.systemUTC());
        restarted.restore();
        assertTrue(restarted.withdraw());
        runtimeThere.set(true);
        restarted.restoreIfPending();
        assertTrue(restarted.current().isEmpty());
        restarted.close();
    }
}
