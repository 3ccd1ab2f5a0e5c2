package io.modelfleet.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.UnavailableException;
import io.modelfleet.api.deployment.AssignRequest;
import io.modelfleet.api.deployment.DesiredState;
import io.modelfleet.api.deployment.StatusReport;
import io.modelfleet.api.edge.DeviceInfo;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.EdgeUpdate;
import io.modelfleet.api.edge.EnrollmentToken;
import io.modelfleet.api.edge.Heartbeat;
import io.modelfleet.api.edge.InferenceStatus;
import io.modelfleet.api.inference.ReportedResult;
import io.modelfleet.api.model.ModelSignature;
import io.modelfleet.api.model.ModelStage;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.api.model.NewModelVersion;
import io.modelfleet.api.model.TensorSpec;
import io.modelfleet.api.rollout.GateResult;
import io.modelfleet.api.rollout.HealthGate;
import io.modelfleet.api.rollout.QualityGate;
import io.modelfleet.api.rollout.Rollout;
import io.modelfleet.api.rollout.RolloutEdge;
import io.modelfleet.api.rollout.RolloutPlan;
import io.modelfleet.api.rollout.RolloutRequest;
import io.modelfleet.api.rollout.RolloutState;
import io.modelfleet.api.rollout.WaveSize;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.api.security.AuditQuery;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;
import io.modelfleet.api.spi.deployment.TargetStatus;
import io.modelfleet.api.spi.model.ModelInspector;
import io.modelfleet.persistence.NewEdgeRecord;
import io.modelfleet.persistence.internal.MyBatisAuditStore;
import io.modelfleet.persistence.internal.MyBatisDeploymentStore;
import io.modelfleet.persistence.internal.MyBatisEdgeStore;
import io.modelfleet.persistence.internal.MyBatisInferenceStore;
import io.modelfleet.persistence.internal.MyBatisModelStore;
import io.modelfleet.persistence.testing.TestDatabase;
import io.modelfleet.storage.internal.FileSystemArtifactStore;

/** The rollout engine on MariaDB with a clock the test moves: waves, soak, gates, rollback, targets, leases. */
class RolloutServiceTest {
    private static final ModelInspector INSPECTOR = new ModelInspector() {
        @Override
        public String format() {
            return "test";
        }

        @Override
        public ModelSignature inspect(Path artifact) {
            return new ModelSignature(List.of(new TensorSpec("features", "float", List.of(-1L, 4L))), List.of());
        }
    };

    @TempDir
    Path dir;
    private TestDatabase db;
    private AuditLog audit;
    private MyBatisEdgeStore edges;
    private MyBatisInferenceStore results;
    private ModelRegistryImpl registry;
    private Delivery delivery;
    private RolloutServiceImpl rollouts;
    private final TestSupport.MovableClock clock = new TestSupport.MovableClock(Instant.parse("2026-12-05T10:00:00Z"));

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabase.create();
        MyBatisAuditStore auditStore = new MyBatisAuditStore(db.database());
        audit = TestSupport.audit(auditStore, clock);
        edges = new MyBatisEdgeStore(db.database());
        results = new MyBatisInferenceStore(db.database());
        registry = new ModelRegistryImpl(new MyBatisModelStore(db.database()),
                new FileSystemArtifactStore(dir.resolve("artifacts")), audit, 1000, clock);
        registry.addInspector(INSPECTOR);
        delivery = new Delivery(db, audit, dir.resolve("key"), clock, "server-a");
        rollouts = delivery.rollouts;
    }

    @AfterEach
    void tearDown() throws Exception {
        delivery.close();
        db.close();
    }

    private ModelVersion approved(String name, Map<String, String> metadata) throws Exception {
        Path file = Files.writeString(dir.resolve(name + System.nanoTime()), "model " + name + System.nanoTime());
        ModelVersion version = registry.register(new NewModelVersion(name, null, "test", metadata, null, null), file, "alice");
        return registry.setStage(version.id(), ModelStage.APPROVED, "alice");
    }

    private long edge(String name) {
        EnrollmentToken token = edges.insertToken("t-" + name, null, 1, clock.instant().plusSeconds(60), "admin", clock.instant());
        long id = edges.insertEdge(new NewEdgeRecord(name, "c".repeat(64), DeviceInfo.UNKNOWN, token.id(), clock.instant()))
                .orElseThrow();
        edges.updateState(id, EdgeState.APPROVED, "admin", clock.instant());
        return id;
    }

    private void report(long edgeId, Rollout rollout, EdgeDeploymentStatus status) {
        RolloutEdge edge = rollouts.edges(rollout.id(), null).stream().filter(e -> e.edgeId() == edgeId).findFirst()
                .orElseThrow();
        delivery.deployments.reportStatus(edgeId, edge.deploymentId(), new StatusReport(status, "agent says " + status));
    }

    /** What the edge's agent would be told to run: the version reference, or null for nothing. */
    private String desired(long edgeId) {
        DesiredState state = delivery.deployments.desiredState(edgeId);
        return state.model() == null ? null : state.model().manifest().reference();
    }

    private void advance(Duration duration) {
        clock.advance(duration);
    }

    private static RolloutPlan plan(List<WaveSize> waves, int soak, HealthGate health, QualityGate quality,
            boolean autoRollback) {
        return new RolloutPlan(waves, soak, 600, health, quality, autoRollback);
    }

    private Rollout create(ModelVersion version, List<Long> edgeIds, RolloutPlan plan) {
        return rollouts.create(new RolloutRequest(version.id(), edgeIds, null, null, null, plan, true), "bob");
    }

    @Test
    void wavesAdvanceAsEdgesSettleAndSoakAndTheRolloutSucceeds() throws Exception {
        ModelVersion version = approved("detector", Map.of());
        List<Long> fleet = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            fleet.add(edge("cam-" + i));
        }
        Rollout rollout = create(version, fleet,
                plan(List.of(WaveSize.ofEdges(1), WaveSize.ofPercent(50), WaveSize.ofPercent(100)), 60,
                        HealthGate.STRICT, null, true));

        assertEquals(RolloutState.RUNNING, rollout.state());
        assertEquals(1, rollout.currentWave(), "the canary starts with the answer");
        assertEquals(List.of(1, 3, 1), rollout.waves().stream().map(w -> w.edges()).toList(),
                "a canary of 1, then 50 % of 5 rounded up, then the rest");
        assertEquals(Map.of("PENDING", 1), rollout.waves().get(0).statusCounts());
        assertEquals("detector:1", desired(fleet.get(0)));
        assertNull(desired(fleet.get(1)), "later waves wait");

        report(fleet.get(0), rollout, EdgeDeploymentStatus.ACTIVE);
        rollouts.tick();
        assertEquals(1, rollouts.get(rollout.id()).currentWave(), "settled, but the soak time has not passed");
        assertNotNull(rollouts.get(rollout.id()).waves().get(0).settledAt());
        advance(Duration.ofSeconds(61));
        rollouts.tick();
        Rollout second = rollouts.get(rollout.id());
        assertEquals(2, second.currentWave());
        assertEquals("detector:1", desired(fleet.get(3)));
        assertNull(desired(fleet.get(4)));

        for (long edge : fleet.subList(1, 4)) {
            report(edge, rollout, EdgeDeploymentStatus.ACTIVE);
        }
        rollouts.tick();
        advance(Duration.ofSeconds(61));
        rollouts.tick();
        assertEquals(3, rollouts.get(rollout.id()).currentWave());
        report(fleet.get(4), rollout, EdgeDeploymentStatus.ACTIVE);
        rollouts.tick();
        advance(Duration.ofSeconds(61));
        rollouts.tick();

        Rollout done = rollouts.get(rollout.id());
        assertEquals(RolloutState.SUCCEEDED, done.state());
        assertNotNull(done.finishedAt());
        List<GateResult> decisive = rollouts.gates(rollout.id()).stream().filter(GateResult::decisive).toList();
        assertEquals(6, decisive.size(), "two health measurements judged each of three waves");
        assertTrue(decisive.stream().allMatch(GateResult::passed));
        assertTrue(rollouts.gates(rollout.id()).stream().anyMatch(g -> !g.decisive()), "values sampled while soaking");
        assertEquals(ModelStage.DEPLOYED, registry.getVersion(version.id()).stage());
    }

    /** Waits until the other server's cached desired-state ETag of the edge is no longer {@code before}. */
    private static String changedEtag(Delivery server, long edgeId, String before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        for (String etag = server.deployments.desiredStateEtag(edgeId); ; etag = server.deployments.desiredStateEtag(edgeId)) {
            if (!etag.equals(before)) {
                return etag;
            }
            assertTrue(System.nanoTime() < deadline, "the ETag of edge " + edgeId + " stayed " + before);
            Thread.sleep(20);
        }
    }

    @Test
    void anotherServerLearnsOfEveryWaveAndRollbackFromTheChangeFeed() throws Exception {
        Delivery other = new Delivery(db, audit, dir.resolve("key"), clock, "server-b");
        try {
            ModelVersion version = approved("detector", Map.of());
            long a = edge("cam-a");
            long b = edge("cam-b");
            String etagA = other.deployments.desiredStateEtag(a);
            String etagB = other.deployments.desiredStateEtag(b);
            Rollout rollout = create(version, List.of(a, b),
                    plan(List.of(WaveSize.ofEdges(1), WaveSize.ofEdges(1)), 0, HealthGate.STRICT, null, true));
            // the other server cached both ETags; the first wave reaches it through the feed
            String canaryEtag = changedEtag(other, a, etagA);
            assertEquals(delivery.deployments.desiredStateEtag(a), canaryEtag);
            assertEquals(etagB, other.deployments.desiredStateEtag(b), "the second wave has not started");

            report(a, rollout, EdgeDeploymentStatus.ACTIVE);
            rollouts.tick();
            assertEquals(2, rollouts.get(rollout.id()).currentWave());
            assertEquals(delivery.deployments.desiredStateEtag(b), changedEtag(other, b, etagB));

            report(b, rollout, EdgeDeploymentStatus.FAILED);
            rollouts.tick();
            assertEquals("\"" + a + "-d0\"", changedEtag(other, a, canaryEtag), "nothing ran there before");
        } finally {
            other.close();
        }
    }

    @Test
    void aFailedHealthGateRollsEveryReachedEdgeBackAtOnce() throws Exception {
        ModelVersion old = approved("detector", Map.of());
        long fresh = edge("cam-new");
        long first = edge("cam-1");
        long second = edge("cam-2");
        long later = edge("cam-3");
        delivery.deployments.assign(new AssignRequest(old.id(), List.of(first, second, later), null, null), "bob");
        ModelVersion next = approved("detector", Map.of());

        Rollout rollout = create(next, List.of(fresh, first, second, later),
                plan(List.of(WaveSize.ofEdges(3), WaveSize.ofPercent(100)), 300, new HealthGate(100.0, 0), null, true));
        assertEquals(List.of(3, 1), rollout.waves().stream().map(w -> w.edges()).toList());
        report(fresh, rollout, EdgeDeploymentStatus.ACTIVE);
        report(first, rollout, EdgeDeploymentStatus.ACTIVE);
        report(second, rollout, EdgeDeploymentStatus.FAILED);
        rollouts.tick();

        Rollout rolledBack = rollouts.get(rollout.id());
        assertEquals(RolloutState.ROLLED_BACK, rolledBack.state(), "a failure over the limit does not wait out the soak");
        assertTrue(rolledBack.message().startsWith("automatic rollback: wave 1 failed its gates: 1 edge(s) FAILED"),
                rolledBack.message());
        assertNull(desired(fresh), "an edge that ran nothing before is unassigned");
        assertEquals(old.reference(), desired(first), "the others get the version they ran before");
        assertEquals(old.reference(), desired(second));
        assertEquals(old.reference(), desired(later), "the second wave never started");
        List<RolloutEdge> reached = rollouts.edges(rollout.id(), 1);
        assertEquals(List.of(EdgeDeploymentStatus.ROLLED_BACK, EdgeDeploymentStatus.ROLLED_BACK,
                EdgeDeploymentStatus.FAILED), reached.stream().map(RolloutEdge::status).toList(),
                "the edge that failed keeps its status and reason");
        assertEquals("agent says FAILED", reached.get(2).detail());
        assertTrue(reached.get(0).detail().startsWith("automatic rollback: wave 1"), reached.get(0).detail());
        assertNotNull(reached.get(1).rollbackDeploymentId());
        assertEquals(old.reference(), reached.get(1).previousModel());
        assertNull(rollouts.edges(rollout.id(), 2).get(0).deploymentId());

        report(first, rollout, EdgeDeploymentStatus.ACTIVE);
        assertEquals(EdgeDeploymentStatus.ROLLED_BACK, rollouts.edges(rollout.id(), 1).get(1).status(),
                "a late report from the agent does not undo the rollback");
        assertThrows(ConflictException.class, () -> rollouts.rollback(rollout.id(), "bob"));
        assertThrows(ConflictException.class, () -> rollouts.resume(rollout.id(), "bob"));

        // a ROLLOUT_FAILED rule tells of it once, and lets it go quietly once its window passed
        io.modelfleet.persistence.internal.MyBatisAlertStore alerts = new io.modelfleet.persistence.internal.MyBatisAlertStore(db.database());
        io.modelfleet.api.alert.AlertRule rule = alerts.insertRule(new io.modelfleet.api.alert.NewAlertRule("rollouts failing",
                io.modelfleet.api.alert.AlertKind.ROLLOUT_FAILED, null, null, null, null, null, null, 30, null, 5, true,
                List.of()), "alice", clock.instant());
        AlertEvaluator evaluator = new AlertEvaluator(alerts, results, null, clock, "server-a", Duration.ofSeconds(45));
        assertTrue(evaluator.evaluate());
        assertTrue(evaluator.evaluate());
        List<io.modelfleet.persistence.OpenAlert> open = alerts.openAlerts();
        assertEquals(1, open.size(), "one alert for the rollout, however often evaluated");
        assertEquals("rollout:" + rollout.id(), open.get(0).subject());
        io.modelfleet.api.alert.Alert alert = alerts.alert(open.get(0).id()).orElseThrow();
        assertTrue(alert.message().contains("ended ROLLED_BACK: automatic rollback: wave 1 failed its gates"), alert.message());
        assertEquals(rule.id(), alert.ruleId());
        advance(Duration.ofMinutes(31));
        assertTrue(evaluator.evaluate());
        assertEquals(List.of(), alerts.openAlerts(), "resolved once older than the rule's window");
        evaluator.deactivate();
    }

    @Test
    void theQualityGateStopsAVersionThatScoresLowerThanThePreviousOne() throws Exception {
        ModelVersion old = approved("scorer", Map.of());
        long a = edge("cam-a");
        long b = edge("cam-b");
        delivery.deployments.assign(new AssignRequest(old.id(), List.of(a, b), null, null), "bob");
        // the old version's results in the minute before the rollout: confident
        scores(a, old, clock.instant().minusSeconds(50), 20, 0.9, 0);
        scores(b, old, clock.instant().minusSeconds(50), 20, 0.92, 1000);
        ModelVersion worse = approved("scorer", Map.of());
        QualityGate gate = new QualityGate(0.05, 0.2, null, 0.5, 10);

        Rollout rollout = create(worse, List.of(a, b), plan(List.of(WaveSize.ofPercent(100)), 60, HealthGate.STRICT,
                gate, false));
        report(a, rollout, EdgeDeploymentStatus.ACTIVE);
        report(b, rollout, EdgeDeploymentStatus.ACTIVE);
        rollouts.tick();
        scores(a, worse, clock.instant().plusSeconds(5), 20, 0.6, 2000);
        scores(b, worse, clock.instant().plusSeconds(5), 20, 0.62, 3000);
        advance(Duration.ofSeconds(30));
        rollouts.tick();
        assertEquals(RolloutState.RUNNING, rollouts.get(rollout.id()).state(), "still soaking");
        advance(Duration.ofSeconds(31));
        rollouts.tick();

        Rollout stopped = rollouts.get(rollout.id());
        assertEquals(RolloutState.FAILED, stopped.state());
        assertTrue(stopped.message().contains("mean score fell from 0.910 to 0.610"), stopped.message());
        GateResult drop = rollouts.gates(rollout.id()).stream()
                .filter(g -> g.decisive() && g.metric().equals("meanScoreDrop")).findFirst().orElseThrow();
        assertEquals(0.3, drop.value(), 1e-9);
        assertFalse(drop.passed());
        assertEquals(worse.reference(), desired(a), "no automatic rollback in this plan: edges keep the new version");

        rollouts.rollback(rollout.id(), "carol");
        assertEquals(old.reference(), desired(a), "a failed rollout can still be rolled back by hand");
        assertEquals(RolloutState.ROLLED_BACK, rollouts.get(rollout.id()).state());
    }

    private void scores(long edge, ModelVersion version, Instant from, int count, double score, long firstSeq) {
        List<ReportedResult> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(new ReportedResult(firstSeq + i, from.plusMillis(i * 100L), version.reference(), null, "ok",
                    score, null, 1.0, null));
        }
        results.insertResults(edge, batch, from);
    }

    @Test
    void pauseHoldsTheNextWaveResumeGoesOnAndAbortStopsWhereItIs() throws Exception {
        ModelVersion version = approved("detector", Map.of());
        long a = edge("cam-a");
        long b = edge("cam-b");
        long c = edge("cam-c");
        Rollout rollout = create(version, List.of(a, b, c),
                plan(List.of(WaveSize.ofEdges(1), WaveSize.ofEdges(1), WaveSize.ofEdges(1)), 0, HealthGate.STRICT,
                        null, true));
        report(a, rollout, EdgeDeploymentStatus.ACTIVE);
        assertEquals(RolloutState.PAUSED, rollouts.pause(rollout.id(), "bob").state());
        rollouts.tick();
        assertEquals(1, rollouts.get(rollout.id()).currentWave(), "a paused rollout starts no wave");
        assertThrows(ConflictException.class, () -> rollouts.pause(rollout.id(), "bob"));

        Rollout resumed = rollouts.resume(rollout.id(), "bob");
        assertEquals(RolloutState.RUNNING, resumed.state());
        assertEquals(2, resumed.currentWave(), "resuming judges the settled wave at once");
        assertEquals(version.reference(), desired(b));

        Rollout aborted = rollouts.abort(rollout.id(), "bob");
        assertEquals(RolloutState.ABORTED, aborted.state());
        report(b, rollout, EdgeDeploymentStatus.ACTIVE);
        rollouts.tick();
        assertEquals(2, rollouts.get(rollout.id()).currentWave());
        assertNull(desired(c), "an aborted rollout reaches no more edges");
        assertEquals(version.reference(), desired(a), "and leaves those it reached as they are");
        assertThrows(ConflictException.class, () -> rollouts.resume(rollout.id(), "bob"));
        assertTrue(audit.query(new AuditQuery("bob", "rollout", Long.toString(rollout.id()), null, null,
                new io.modelfleet.api.PageRequest(50, 0))).items().stream().anyMatch(e -> e.action().equals("rollout.abort")));
    }

    @Test
    void aPlannedRolloutWaitsForItsStart() throws Exception {
        ModelVersion version = approved("detector", Map.of());
        long a = edge("cam-a");
        Rollout planned = rollouts.create(new RolloutRequest(version.id(), List.of(a), null, null, null,
                RolloutPlan.ONE_WAVE, false), "bob");
        assertEquals(RolloutState.PLANNED, planned.state());
        rollouts.tick();
        assertNull(desired(a));
        assertEquals(1, rollouts.start(planned.id(), "bob").currentWave());
        assertEquals(version.reference(), desired(a));
    }

    @Test
    void pushTargetsAreHandedTheirEdgesRetriedWhenUnreachableAndReportForThem() throws Exception {
        Delivery.PushTarget cluster = new Delivery.PushTarget("cluster-a");
        delivery.bind(cluster);
        ModelVersion version = approved("detector", Map.of());
        long agent = edge("cam-a");
        long workload = edge("workload-1");
        edges.updateEdge(workload, new EdgeUpdate(null, null, null, Map.of("cluster", "east"), "cluster-a"), "admin",
                clock.instant());
        cluster.unreachable = true;

        Rollout rollout = create(version, List.of(agent, workload), RolloutPlan.ONE_WAVE);
        assertTrue(cluster.all().isEmpty());
        rollouts.tick();
        assertTrue(cluster.all().isEmpty(), "still unreachable: the edge waits, it does not fail");
        cluster.unreachable = false;
        rollouts.tick();
        assertEquals(1, cluster.all().size());
        assertEquals(workload, cluster.all().get(0).edgeId());
        assertEquals(Map.of("cluster", "east"), cluster.all().get(0).edgeTags());
        assertEquals(version.reference(), cluster.all().get(0).model().reference());
        rollouts.tick();
        assertEquals(1, cluster.all().size(), "handed over once");

        long deploymentId = cluster.all().get(0).deploymentId();
        cluster.statuses.put(deploymentId, new TargetStatus(EdgeDeploymentStatus.DOWNLOADING, "1 of 2 pods ready"));
        rollouts.tick();
        RolloutEdge seen = rollouts.edges(rollout.id(), 1).stream().filter(e -> e.edgeId() == workload).findFirst().orElseThrow();
        assertEquals(EdgeDeploymentStatus.DOWNLOADING, seen.status());
        assertEquals("1 of 2 pods ready", seen.detail());
        assertEquals("cluster-a", seen.target());
        cluster.statuses.put(deploymentId, new TargetStatus(EdgeDeploymentStatus.ACTIVE, null));
        report(agent, rollout, EdgeDeploymentStatus.ACTIVE);
        rollouts.tick();
        assertEquals(RolloutState.SUCCEEDED, rollouts.get(rollout.id()).state());

        ModelVersion next = approved("detector", Map.of());
        cluster.refusal = "namespace edge-east does not exist";
        Rollout refused = create(next, List.of(workload), plan(List.of(WaveSize.ofPercent(100)), 0,
                HealthGate.STRICT, null, true));
        RolloutEdge failed = rollouts.edges(refused.id(), 1).get(0);
        assertEquals(EdgeDeploymentStatus.FAILED, failed.status());
        assertEquals("target cluster-a refused the deployment: namespace edge-east does not exist", failed.detail());
        rollouts.tick();
        assertEquals(RolloutState.ROLLED_BACK, rollouts.get(refused.id()).state());
    }

    @Test
    void anUninstalledTargetIsAClearConflictAndComesBackWithoutARestart() throws Exception {
        ModelVersion version = approved("detector", Map.of());
        long a = edge("cam-a");
        delivery.deployments.assign(new AssignRequest(version.id(), List.of(a), null, null), "bob");
        Delivery.PullTarget agents = new Delivery.PullTarget("edge-agent", delivery.signer);
        delivery.bind(agents); // replaces the first binding of the same id
        delivery.unbind(agents);

        ConflictException refused = assertThrows(ConflictException.class,
                () -> create(version, List.of(a), RolloutPlan.ONE_WAVE));
        assertTrue(refused.getMessage().startsWith("deployment target 'edge-agent' is not installed"), refused.getMessage());
        UnavailableException unavailable = assertThrows(UnavailableException.class,
                () -> delivery.deployments.desiredState(a));
        assertEquals(503, unavailable.httpStatus());

        delivery.bind(new Delivery.PullTarget("edge-agent", delivery.signer));
        assertEquals(version.reference(), desired(a));
        assertEquals(RolloutState.RUNNING, create(version, List.of(a), RolloutPlan.ONE_WAVE).state());
    }

    @Test
    void incompatibleEdgesAreSkippedWithTheReasonBeforeAnythingIsDownloaded() throws Exception {
        ModelVersion armOnly = approved("detector", Map.of(Compatibility.ARCH, "aarch64",
                Compatibility.MEMORY, Long.toString(2L << 30)));
        long pi = edge("pi");
        long big = edge("x86");
        long small = edge("pi-small");
        edges.recordHeartbeat(pi, heartbeat("arm64", 4L << 30), clock.instant());
        edges.recordHeartbeat(big, heartbeat("x86_64", 16L << 30), clock.instant());
        edges.recordHeartbeat(small, heartbeat("aarch64", 1L << 30), clock.instant());

        Rollout rollout = create(armOnly, List.of(pi, big, small), RolloutPlan.ONE_WAVE);
        assertEquals(1, rollout.edges());
        assertEquals(2, rollout.skipped());
        List<RolloutEdge> skipped = rollouts.edges(rollout.id(), 0);
        assertEquals("needs architecture aarch64, the edge is x86_64", skipped.get(0).skippedReason());
        assertEquals("needs 2048 MiB of memory, the edge has 1024 MiB", skipped.get(1).skippedReason());
        assertNull(desired(big));
        assertEquals(armOnly.reference(), desired(pi));

        ConflictException none = assertThrows(ConflictException.class, () -> create(armOnly, List.of(big),
                RolloutPlan.ONE_WAVE));
        assertTrue(none.getMessage().contains("needs architecture aarch64"), none.getMessage());
    }

    private static Heartbeat heartbeat(String arch, long memory) {
        return new Heartbeat(new DeviceInfo("host", "Linux", "6.1", arch, "cpu", 4, memory, null, "0.1.0",
                List.of("test")), null, InferenceStatus.NO_MODEL);
    }

    @Test
    void onlyTheLeaseHolderDrivesARolloutAndAnotherTakesOverWhenTheLeaseRunsOut() throws Exception {
        RolloutServiceImpl other = new RolloutServiceImpl(delivery.rolloutStore,
                new MyBatisDeploymentStore(db.database()), new MyBatisModelStore(db.database()), delivery.releaseStore,
                new io.modelfleet.persistence.internal.MyBatisStreamStore(db.database()), delivery.plugins, audit,
                clock, "server-b", Duration.ofSeconds(30), Duration.ofSeconds(5), 0);
        try {
            ModelVersion version = approved("detector", Map.of());
            long a = edge("cam-a");
            long b = edge("cam-b");
            Rollout rollout = create(version, List.of(a, b),
                    plan(List.of(WaveSize.ofEdges(1), WaveSize.ofEdges(1)), 0, HealthGate.STRICT, null, true));
            report(a, rollout, EdgeDeploymentStatus.ACTIVE);
            other.tick();
            assertEquals(1, rollouts.get(rollout.id()).currentWave(), "server-a holds the lease");
            advance(Duration.ofSeconds(31));
            other.tick();
            assertEquals(2, rollouts.get(rollout.id()).currentWave(), "server-b took over the expired lease");
            rollouts.tick();
            report(b, rollout, EdgeDeploymentStatus.ACTIVE);
            rollouts.tick();
            assertEquals(RolloutState.RUNNING, rollouts.get(rollout.id()).state(), "server-a lost it");
            other.tick();
            assertEquals(RolloutState.SUCCEEDED, rollouts.get(rollout.id()).state());
        } finally {
            other.deactivate();
        }
    }

    @Test
    void anEdgeALaterAssignmentTookOverNoLongerCountsForTheEarlierRollout() throws Exception {
        ModelVersion first = approved("detector", Map.of());
        long a = edge("cam-a");
        long b = edge("cam-b");
        Rollout earlier = create(first, List.of(a, b), RolloutPlan.ONE_WAVE);
        ModelVersion second = approved("detector", Map.of());
        delivery.deployments.assign(new AssignRequest(second.id(), List.of(b), null, null), "carol");
        report(a, earlier, EdgeDeploymentStatus.ACTIVE);
        rollouts.tick();
        assertEquals(RolloutState.SUCCEEDED, rollouts.get(earlier.id()).state(),
                "cam-b runs what carol assigned; the earlier rollout is judged on cam-a");
        assertEquals(second.reference(), desired(b));
    }

    @Test
    void aDirectAssignmentIsAOneWaveRollout() throws Exception {
        ModelVersion version = approved("detector", Map.of());
        long a = edge("cam-a");
        String before = delivery.deployments.desiredStateEtag(a);
        var created = delivery.deployments.assign(new AssignRequest(version.id(), List.of(a), null, null), "bob");
        assertEquals(1, created.size());
        assertNotEquals(before, delivery.deployments.desiredStateEtag(a), "the heartbeat tells the agent at once");
        Rollout rollout = rollouts.list(null, 10, 0).items().get(0);
        assertEquals(1, rollout.currentWave());
        assertEquals("1 edge(s) by id", rollout.selection());
        report(a, rollout, EdgeDeploymentStatus.ACTIVE);
        rollouts.tick();
        assertEquals(RolloutState.SUCCEEDED, rollouts.get(rollout.id()).state());
    }
}
