package io.modelfleet.core.internal;

import io.modelfleet.testkit.BundleJars;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.PayloadTooLargeException;
import io.modelfleet.api.agent.AgentRelease;
import io.modelfleet.api.agent.AgentUpdate;
import io.modelfleet.api.deployment.AgentManifest;
import io.modelfleet.api.deployment.AgentSettings;
import io.modelfleet.api.deployment.DesiredState;
import io.modelfleet.api.deployment.SignedAgentManifest;
import io.modelfleet.api.deployment.StatusReport;
import io.modelfleet.api.edge.DeviceInfo;
import io.modelfleet.api.edge.EdgeRegistration;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.EnrollmentToken;
import io.modelfleet.api.edge.Heartbeat;
import io.modelfleet.api.edge.InferenceStatus;
import io.modelfleet.api.rollout.HealthGate;
import io.modelfleet.api.rollout.Rollout;
import io.modelfleet.api.rollout.RolloutEdge;
import io.modelfleet.api.rollout.RolloutPlan;
import io.modelfleet.api.rollout.RolloutRequest;
import io.modelfleet.api.rollout.RolloutState;
import io.modelfleet.api.rollout.WaveSize;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;
import io.modelfleet.persistence.NewEdgeRecord;
import io.modelfleet.persistence.internal.MyBatisAuditStore;
import io.modelfleet.persistence.internal.MyBatisEdgeStore;
import io.modelfleet.persistence.testing.TestDatabase;
import io.modelfleet.storage.internal.FileSystemArtifactStore;

/**
 * Agent releases on MariaDB and a real artifact store: archives checked on upload, rolled out in waves with the
 * health gate and automatic rollback like model versions, signed in the desired state, and agent settings pushed.
 */
class AgentReleaseTest {
    @TempDir
    Path dir;
    private TestDatabase db;
    private AuditLog audit;
    private MyBatisEdgeStore edges;
    private Delivery delivery;
    private AgentReleaseServiceImpl releases;
    private final TestSupport.MovableClock clock = new TestSupport.MovableClock(Instant.parse("2026-12-05T10:00:00Z"));

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabase.create();
        audit = TestSupport.audit(new MyBatisAuditStore(db.database()), clock);
        edges = new MyBatisEdgeStore(db.database());
        delivery = new Delivery(db, audit, dir.resolve("key"), clock, "server-a");
        releases = new AgentReleaseServiceImpl(delivery.releaseStore, edges,
                new FileSystemArtifactStore(dir.resolve("artifacts")), audit, clock, 64 * 1024);
    }

    @AfterEach
    void tearDown() throws Exception {
        delivery.close();
        db.close();
    }

    // ---- archives ----

    static byte[] bundle(String symbolicName, String version, String filler) {
        return (symbolicName == null ? BundleJars.plainJar() : BundleJars.bundle(symbolicName + ";singleton:=true", version))
                .entry("readme.txt", filler).toBytes();
    }

    static byte[] zip(Map<String, byte[]> entries) {
        return BundleJars.zip(entries);
    }

    private AgentRelease upload(String version) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("io.modelfleet.agent.jar", bundle("io.modelfleet.agent", "0.2.0." + version, "agent " + version));
        return releases.upload(version, null, new ByteArrayInputStream(zip(entries)), "alice");
    }

    @Test
    void anArchiveOfBundlesBecomesARelease() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("release.properties", "version=0.2.0\nnotes=faster queue\n".getBytes(StandardCharsets.UTF_8));
        byte[] agent = bundle("io.modelfleet.agent", "0.2.0", "agent");
        entries.put("io.modelfleet.agent-0.2.0.jar", agent);
        entries.put("onnx.jar", bundle("io.modelfleet.onnxruntime", "1.23.2", "runtime"));
        byte[] archive = zip(entries);

        AgentRelease release = releases.upload(null, null, new ByteArrayInputStream(archive), "alice");

        assertEquals("0.2.0", release.version(), "from release.properties");
        assertEquals("faster queue", release.notes());
        assertEquals(archive.length, release.sizeBytes());
        assertEquals(List.of("io.modelfleet.agent", "io.modelfleet.onnxruntime"),
                release.bundles().stream().map(b -> b.symbolicName()).toList(), "directives stripped, sorted");
        assertEquals(agent.length, release.bundles().get(0).sizeBytes());
        assertEquals(sha256(agent), release.bundles().get(0).sha256());
        try (InputStream in = releases.openArchive(release.id(), 10)) {
            byte[] tail = in.readAllBytes();
            assertArrayEquals(java.util.Arrays.copyOfRange(archive, 10, archive.length), tail, "served from an offset");
        }
        ConflictException again = assertThrows(ConflictException.class,
                () -> releases.upload("0.2.0", null, new ByteArrayInputStream(archive), "alice"));
        assertTrue(again.getMessage().contains("0.2.0 exists already"), again.getMessage());
        assertEquals(1, releases.list(10, 0).total());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void archivesThatAreNotPlainBundleSetsAreRefusedWithTheReason() throws Exception {
        byte[] good = bundle("io.modelfleet.agent", "0.2.0", "agent");
        assertRefused(Map.of("lib/io.modelfleet.agent.jar", good), "without folders");
        assertRefused(Map.of("../evil.jar", good), "without folders");
        assertRefused(Map.of("start.sh", "#!/bin/sh".getBytes(StandardCharsets.UTF_8)), "bundle jars");
        assertRefused(Map.of("plain.jar", bundle(null, null, "no bundle")), "no Bundle-SymbolicName");
        assertRefused(Map.of("a.jar", good, "b.jar", good), "twice");
        assertRefused(Map.of("release.properties", "version=1".getBytes(StandardCharsets.UTF_8)), "no bundle jar");
        InvalidInputException notZip = assertThrows(InvalidInputException.class, () -> releases.upload("1.0", null,
                new ByteArrayInputStream("not a zip at all".getBytes(StandardCharsets.UTF_8)), "alice"));
        assertTrue(notZip.getMessage().contains("not a readable zip"), notZip.getMessage());
        InvalidInputException badVersion = assertThrows(InvalidInputException.class, () -> releases.upload("1.0;rm",
                null, new ByteArrayInputStream(zip(Map.of("a.jar", good))), "alice"));
        assertTrue(badVersion.getMessage().contains("is not a release version"), badVersion.getMessage());
        assertThrows(InvalidInputException.class, () -> releases.upload("restart", null,
                new ByteArrayInputStream(zip(Map.of("a.jar", good))), "alice"), "the agent's own file names");
        assertRefused(Map.of("unversioned.jar", unversioned()), "no Bundle-Version");
        InvalidInputException noVersion = assertThrows(InvalidInputException.class, () -> releases.upload(null,
                null, new ByteArrayInputStream(zip(Map.of("a.jar", good))), "alice"));
        assertTrue(noVersion.getMessage().startsWith("name the release version"), noVersion.getMessage());
        PayloadTooLargeException large = assertThrows(PayloadTooLargeException.class, () -> releases.upload("1.0",
                null, new ByteArrayInputStream(new byte[64 * 1024 + 1]), "alice"));
        assertTrue(large.getMessage().contains("limit of 65536 bytes"), large.getMessage());
        assertEquals(0, releases.list(10, 0).total(), "nothing stored");
    }

    private static byte[] unversioned() {
        return BundleJars.plainJar().header("Bundle-SymbolicName", "io.modelfleet.unversioned").toBytes();
    }

    private void assertRefused(Map<String, byte[]> entries, String reason) throws IOException {
        byte[] archive = zip(new LinkedHashMap<>(entries));
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> releases.upload("1.0", null, new ByteArrayInputStream(archive), "alice"));
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
    }

    // ---- rollouts ----

    private long edge(String name, String agentVersion) {
        EnrollmentToken token = edges.insertToken("t-" + name, null, 1, clock.instant().plusSeconds(60), "admin", clock.instant());
        long id = edges.insertEdge(new NewEdgeRecord(name, "c".repeat(64), DeviceInfo.UNKNOWN, token.id(), clock.instant()))
                .orElseThrow();
        edges.updateState(id, EdgeState.APPROVED, "admin", clock.instant());
        edges.recordHeartbeat(id, new Heartbeat(new DeviceInfo("host", "Linux", "6.1", "x86_64", "cpu", 4, 1L << 32,
                null, agentVersion, List.of("onnx:onnxruntime-1.23.2")), null, InferenceStatus.NO_MODEL), clock.instant());
        return id;
    }

    private Rollout rollOut(AgentRelease release, List<Long> edgeIds, RolloutPlan plan) {
        return delivery.rollouts.create(new RolloutRequest(null, release.id(), edgeIds, null, null, null, plan, true), "bob");
    }

    private SignedAgentManifest desiredAgent(long edgeId) {
        return delivery.deployments.desiredState(edgeId).agent();
    }

    private void report(long edgeId, Rollout rollout, EdgeDeploymentStatus status, String detail) {
        RolloutEdge edge = delivery.rollouts.edges(rollout.id(), null).stream().filter(e -> e.edgeId() == edgeId)
                .findFirst().orElseThrow();
        releases.reportStatus(edgeId, edge.deploymentId(), new StatusReport(status, detail));
    }

    @Test
    void aReleaseRollsOutInWavesSignedForEachEdgeAndSkipsWhatItCannotReach() throws Exception {
        AgentRelease release = upload("0.2.0");
        List<Long> fleet = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            fleet.add(edge("cam-" + i, "0.1.0"));
        }
        long current = edge("cam-current", "0.2.0");
        long pushed = edges.registerEdge(new EdgeRegistration("k8s-1", null, null, Map.of(), "cluster-a"),
                "h".repeat(64), "admin", clock.instant()).orElseThrow();
        List<Long> selected = new ArrayList<>(fleet);
        selected.add(current);
        selected.add(pushed);

        Rollout rollout = rollOut(release, selected, new RolloutPlan(List.of(WaveSize.ofEdges(1),
                WaveSize.ofPercent(100)), 0, 600, HealthGate.STRICT, null, true));

        assertEquals("agent 0.2.0", rollout.subject());
        assertNull(rollout.modelVersionId());
        assertEquals(4, rollout.edges());
        assertEquals(2, rollout.skipped());
        List<RolloutEdge> skipped = delivery.rollouts.edges(rollout.id(), 0);
        assertEquals("runs agent 0.2.0 already", skipped.get(0).skippedReason());
        assertTrue(skipped.get(1).skippedReason().startsWith("reached through target cluster-a"), skipped.get(1).skippedReason());

        SignedAgentManifest canary = desiredAgent(fleet.get(0));
        assertNotNull(canary, "the canary is told to install it");
        assertNull(desiredAgent(fleet.get(1)), "later waves wait");
        AgentManifest manifest = canary.manifest();
        assertEquals(fleet.get(0), manifest.edgeId());
        assertEquals("0.2.0", manifest.version());
        assertEquals(release.sha256(), manifest.sha256());
        assertEquals("/api/v1/edge/agent-artifacts/" + manifest.updateId(), manifest.artifactPath());
        assertEquals(clock.instant().plus(Duration.ofHours(24)), manifest.expiresAt());
        assertTrue(verifies(canary), "signed with the key agents pinned");
        assertNull(delivery.deployments.desiredState(fleet.get(0)).model(), "the model assignment is untouched");

        report(fleet.get(0), rollout, EdgeDeploymentStatus.DOWNLOADING, null);
        delivery.rollouts.tick();
        assertEquals(1, delivery.rollouts.get(rollout.id()).currentWave(), "waits for the canary");
        report(fleet.get(0), rollout, EdgeDeploymentStatus.ACTIVE, null);
        delivery.rollouts.tick();
        assertEquals(2, delivery.rollouts.get(rollout.id()).currentWave());
        for (long edge : fleet.subList(1, 4)) {
            assertEquals("0.2.0", desiredAgent(edge).manifest().version());
            report(edge, rollout, EdgeDeploymentStatus.ACTIVE, null);
        }
        delivery.rollouts.tick();
        Rollout done = delivery.rollouts.get(rollout.id());
        assertEquals(RolloutState.SUCCEEDED, done.state());
        assertEquals(Map.of("ACTIVE", 3), done.waves().get(1).statusCounts());
        List<AgentUpdate> history = releases.forEdge(fleet.get(1), 10);
        assertEquals(1, history.size());
        assertEquals(EdgeDeploymentStatus.ACTIVE, history.get(0).status());
        assertEquals(rollout.id(), history.get(0).rolloutId());
    }

    private boolean verifies(SignedAgentManifest signed) throws Exception {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(delivery.signer.publicKey()))));
        verifier.update(signed.manifest().canonicalBytes());
        return verifier.verify(Base64.getDecoder().decode(signed.signature()));
    }

    @Test
    void aReleaseThatFailsItsHealthCheckIsRolledBackToWhatEachAgentRanBefore() throws Exception {
        AgentRelease first = upload("0.2.0");
        AgentRelease broken = upload("0.3.0");
        long a = edge("cam-a", "0.1.0");
        long b = edge("cam-b", "0.1.0");
        long c = edge("cam-c", "0.1.0");
        Rollout base = rollOut(first, List.of(a), RolloutPlan.ONE_WAVE);
        report(a, base, EdgeDeploymentStatus.ACTIVE, null);
        delivery.rollouts.tick();
        assertEquals(RolloutState.SUCCEEDED, delivery.rollouts.get(base.id()).state());
        String etagBefore = delivery.deployments.desiredState(a).etag();

        Rollout rollout = rollOut(broken, List.of(a, b, c), new RolloutPlan(List.of(WaveSize.ofEdges(2),
                WaveSize.ofPercent(100)), 0, 600, new HealthGate(100.0, 0), null, true));
        assertEquals("0.3.0", desiredAgent(a).manifest().version());
        assertNotEquals(etagBefore, delivery.deployments.desiredState(a).etag(), "agents see the change");
        report(a, rollout, EdgeDeploymentStatus.ACTIVE, null);
        report(b, rollout, EdgeDeploymentStatus.ROLLED_BACK,
                "bundle io.modelfleet.agent could not start: missing requirement; back on the previous release");
        delivery.rollouts.tick();

        Rollout failed = delivery.rollouts.get(rollout.id());
        assertEquals(RolloutState.ROLLED_BACK, failed.state());
        assertTrue(failed.message().contains("1 edge(s) FAILED or ROLLED_BACK"), failed.message());
        assertEquals("0.2.0", desiredAgent(a).manifest().version(), "a goes back to the release it ran");
        assertNull(desiredAgent(b), "b ran its installation's set: back to it");
        assertNull(desiredAgent(c), "c was never reached");
        List<RolloutEdge> reached = delivery.rollouts.edges(rollout.id(), 1);
        assertEquals("0.2.0", reached.get(0).previousAgentRelease());
        assertEquals(EdgeDeploymentStatus.ROLLED_BACK, reached.get(0).status());
        assertNotNull(reached.get(0).rollbackDeploymentId());
        assertEquals(EdgeDeploymentStatus.PENDING, reached.get(0).rollbackStatus());
        assertTrue(reached.get(1).detail().startsWith("bundle io.modelfleet.agent could not start"),
                "the agent's own reason is kept: " + reached.get(1).detail());

        // a late report never undoes the rollback
        releases.reportStatus(a, reached.get(0).deploymentId(), new StatusReport(EdgeDeploymentStatus.ACTIVE, null));
        assertEquals(EdgeDeploymentStatus.ROLLED_BACK, releases.getUpdate(reached.get(0).deploymentId()).status());
        assertThrows(io.modelfleet.api.NotFoundException.class, () -> releases.reportStatus(c,
                reached.get(0).deploymentId(), new StatusReport(EdgeDeploymentStatus.ACTIVE, null)),
                "an edge reports on its own updates only");
    }

    @Test
    void agentSettingsOfTheFleetAndTheEdgeTravelInTheDesiredState() {
        long a = edge("cam-a", "0.1.0");
        long b = edge("cam-b", "0.1.0");
        DesiredState none = delivery.deployments.desiredState(a);
        assertNull(none.settings());

        releases.setFleetSettings(new AgentSettings(30, 20, null), "alice");
        releases.setEdgeSettings(b, new AgentSettings(null, 5, 300), "alice");
        clock.advance(Duration.ofSeconds(11)); // past the ETag cache
        DesiredState fleetOnly = delivery.deployments.desiredState(a);
        assertEquals(new AgentSettings(30, 20, null), fleetOnly.settings());
        assertNotEquals(none.etag(), fleetOnly.etag());
        assertEquals(new AgentSettings(30, 5, 300), delivery.deployments.desiredState(b).settings(),
                "the edge's fields win, the fleet's fill in");
        assertEquals(new AgentSettings(null, 5, 300), releases.edgeSettings(b));

        InvalidInputException tooFast = assertThrows(InvalidInputException.class, () -> new AgentSettings(1, null, null));
        assertEquals("must be between 5 and 3600 seconds, was 1", tooFast.fields().get("heartbeatSeconds"));
        releases.setEdgeSettings(b, null, "alice");
        assertEquals(AgentSettings.NONE, releases.edgeSettings(b));
        assertEquals(new AgentSettings(30, 20, null), delivery.deployments.desiredState(b).settings());
    }
}
