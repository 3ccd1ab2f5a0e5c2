package io.modelfleet.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.modelfleet.api.AccessDeniedException;
import io.modelfleet.api.ConflictException;
import io.modelfleet.api.PayloadTooLargeException;
import io.modelfleet.api.UnauthenticatedException;
import io.modelfleet.api.edge.ConnectionState;
import io.modelfleet.api.edge.DeviceInfo;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeIdentity;
import io.modelfleet.api.edge.EdgeQuery;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.EnrollRequest;
import io.modelfleet.api.edge.Enrollment;
import io.modelfleet.api.edge.Heartbeat;
import io.modelfleet.api.edge.InferenceStatus;
import io.modelfleet.api.edge.IssuedToken;
import io.modelfleet.api.edge.TokenRequest;
import io.modelfleet.api.inference.IngestReply;
import io.modelfleet.api.inference.ReportedResult;
import io.modelfleet.api.security.AuditEntry;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.api.security.AuditQuery;
import io.modelfleet.persistence.internal.MyBatisAuditStore;
import io.modelfleet.persistence.internal.MyBatisEdgeStore;
import io.modelfleet.persistence.internal.MyBatisEdgeChangeStore;
import io.modelfleet.persistence.internal.MyBatisInferenceStore;
import io.modelfleet.persistence.testing.TestDatabase;

/** The fleet and inference services on the real stores and the real MariaDB. */
class FleetServiceTest {
    private TestDatabase db;
    private MetricsRegistry metrics;
    private EdgeChanges changes;
    private FleetServiceImpl fleet;
    private InferenceServiceImpl inference;
    private MyBatisAuditStore auditStore;

    static FleetConfiguration config(Map<String, Object> overrides) {
        return (FleetConfiguration) Proxy.newProxyInstance(FleetConfiguration.class.getClassLoader(),
                new Class<?>[] { FleetConfiguration.class },
                (proxy, method, args) -> overrides.getOrDefault(method.getName(), method.getDefaultValue()));
    }

    @BeforeEach
    void setUp() {
        db = TestDatabase.create();
        metrics = new MetricsRegistry();
        auditStore = new MyBatisAuditStore(db.database());
        AuditLog audit = TestSupport.audit(auditStore, java.time.Clock.systemUTC());
        // flushing is driven by the test, not the timer
        changes = changes(db);
        fleet = new FleetServiceImpl(new MyBatisEdgeStore(db.database()), changes, audit, metrics,
                config(Map.of("heartbeatFlushMillis", 3_600_000L)), java.time.Clock.systemUTC());
        inference = new InferenceServiceImpl(new MyBatisInferenceStore(db.database()), metrics);
    }

    /** Follows the change feed every 100 ms, so tests see other servers' changes quickly. */
    static EdgeChanges changes(TestDatabase db) {
        return new EdgeChanges(new MyBatisEdgeChangeStore(db.database()), java.time.Clock.systemUTC(),
                EdgeChanges.STALE_AFTER, 100);
    }

    @AfterEach
    void tearDown() throws Exception {
        fleet.deactivate();
        changes.deactivate();
        db.close();
    }

    private Enrollment enroll(String token, String name) {
        return fleet.enroll(new EnrollRequest(token, name, new DeviceInfo(name + ".local", "Linux", null, "x86_64",
                null, 8, null, null, "0.1.0", List.of("onnx"))));
    }

    @Test
    void tokensEnrollEdgesWithTheirOwnCredentials() {
        IssuedToken token = fleet.createToken(new TokenRequest("two", 2, null), "admin");
        assertTrue(token.secret().startsWith("mft_"));
        Enrollment a = enroll(token.secret(), "edge-a");
        Enrollment b = fleet.enroll(new EnrollRequest(token.secret(), null,
                new DeviceInfo("edge-b.local", null, null, null, null, null, null, null, null, null)));
        assertEquals("edge-b.local", fleet.getEdge(b.edgeId()).name(), "named after the hostname");
        assertThrows(UnauthenticatedException.class, () -> enroll(token.secret(), "edge-c"), "used up");
        assertEquals(new EdgeIdentity(a.edgeId(), EdgeState.PENDING), fleet.authenticateEdge(a.credential()));
        String secretOfA = a.credential().substring(a.credential().lastIndexOf('_') + 1);
        assertThrows(UnauthenticatedException.class, () -> fleet.authenticateEdge("mfc_" + b.edgeId() + "_" + secretOfA));
        assertThrows(UnauthenticatedException.class, () -> fleet.authenticateEdge("mfs_session"));
        assertEquals(List.of(), fleet.listTokens(false));
        assertEquals(2, fleet.listTokens(true).get(0).uses());
    }

    @Test
    void anExplicitNameIsNeverSilentlyChanged() {
        IssuedToken token = fleet.createToken(new TokenRequest(null, 3, null), "admin");
        enroll(token.secret(), "same");
        assertThrows(ConflictException.class, () -> enroll(token.secret(), "same"));
        Enrollment byHost = fleet.enroll(new EnrollRequest(token.secret(), null,
                new DeviceInfo("same", null, null, null, null, null, null, null, null, null)));
        assertTrue(fleet.getEdge(byHost.edgeId()).name().startsWith("same-"), "hostnames get a suffix");
    }

    @Test
    void steadyHeartbeatsAreCoalescedIntoOneBatchWrite() {
        IssuedToken token = fleet.createToken(new TokenRequest(null, 100, null), "admin");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add(enroll(token.secret(), "beat-" + i).edgeId());
        }
        Heartbeat steady = new Heartbeat(null, "v1", InferenceStatus.READY);
        for (int round = 0; round < 20; round++) {
            for (long id : ids) {
                assertEquals(EdgeState.PENDING, fleet.heartbeat(id, steady).state());
            }
        }
        String scrape = metrics.scrape();
        assertTrue(scrape.contains("modelfleet_heartbeats_total{write=\"immediate\"} 100\n"), scrape);
        assertTrue(scrape.contains("modelfleet_heartbeats_total{write=\"coalesced\"} 1900\n"), scrape);
        Edge first = fleet.getEdge(ids.get(0));
        assertEquals(InferenceStatus.READY, first.inferenceStatus(), "the first heartbeat is written at once");
        Instant writtenAt = first.lastSeenAt();
        fleet.flush();
        assertTrue(fleet.getEdge(ids.get(0)).lastSeenAt().isAfter(writtenAt), "the flush moved last-seen forward");
        assertEquals(100, fleet.summary().online());
        assertEquals(100, fleet.listEdges(new EdgeQuery(null, ConnectionState.ONLINE, null, null, "beat-", null)).total());
        // a change is written at once again
        fleet.heartbeat(ids.get(0), new Heartbeat(null, "v2", InferenceStatus.INFERENCING));
        assertEquals("v2", fleet.getEdge(ids.get(0)).modelVersion());
    }

    @Test
    void operatorDecisionsTakeEffectAtOnce() {
        Enrollment edge = enroll(fleet.createToken(new TokenRequest(null, 1, null), "admin").secret(), "decided");
        assertEquals(EdgeState.PENDING, fleet.authenticateEdge(edge.credential()).state()); // now cached
        fleet.setState(edge.edgeId(), EdgeState.APPROVED, "alice");
        assertEquals(EdgeState.APPROVED, fleet.authenticateEdge(edge.credential()).state());
        fleet.setState(edge.edgeId(), EdgeState.DISABLED, "alice");
        assertThrows(AccessDeniedException.class, () -> fleet.authenticateEdge(edge.credential()));
        List<String> actions = auditStore.query(new AuditQuery("alice", null, null, null, null, null)).items().stream()
                .map(AuditEntry::action).toList();
        assertEquals(List.of("edge.disabled", "edge.approved"), actions);
    }

    @Test
    void resultBatchesCountDuplicatesAndRespectTheLimit() {
        Instant t = Instant.parse("2026-11-23T12:00:00Z");
        List<ReportedResult> batch = new ArrayList<>();
        for (int seq = 0; seq < 10; seq++) {
            batch.add(new ReportedResult(seq, t, "v1", null, "ok", 0.5, null, null, null));
        }
        assertEquals(new IngestReply(10, 0), inference.ingestResults(5, batch));
        assertEquals(new IngestReply(0, 10), inference.ingestResults(5, batch));
        assertEquals(new IngestReply(0, 0), inference.ingestResults(5, List.of()));
        List<ReportedResult> tooMany = new ArrayList<>();
        for (int seq = 0; seq <= io.modelfleet.api.inference.InferenceService.MAX_BATCH; seq++) {
            tooMany.add(new ReportedResult(seq, t, null, null, null, null, null, null, null));
        }
        assertThrows(PayloadTooLargeException.class, () -> inference.ingestResults(5, tooMany));
        String scrape = metrics.scrape();
        assertTrue(scrape.contains("modelfleet_results_ingested_total 10\n"), scrape);
        assertTrue(scrape.contains("modelfleet_results_duplicates_total 10\n"), scrape);
    }

    /** A second server on the same database: its own caches, its own reading of the change feed. */
    private FleetServiceImpl otherServer(EdgeChanges otherChanges) {
        return new FleetServiceImpl(new MyBatisEdgeStore(db.database()), otherChanges,
                TestSupport.audit(auditStore, java.time.Clock.systemUTC()), new MetricsRegistry(),
                config(Map.of("heartbeatFlushMillis", 3_600_000L)), java.time.Clock.systemUTC());
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (!holds(condition)) {
            assertTrue(System.nanoTime() < deadline, "waited 5 s for: " + what);
            Thread.sleep(20);
        }
    }

    /** False while the condition throws: a credential the other server does not know yet. */
    private static boolean holds(java.util.function.BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (UnauthenticatedException | AccessDeniedException e) {
            return false;
        }
    }

    private static boolean refused(FleetServiceImpl server, String credential) {
        try {
            server.authenticateEdge(credential);
            return false;
        } catch (AccessDeniedException e) {
            return true;
        }
    }

    private void sql(String statement) throws Exception {
        try (java.sql.Connection connection = db.dataSource().getConnection();
                java.sql.Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void aChangeOnOneServerEndsAnotherServersCachedCredentialWithinASecond() throws Exception {
        EdgeChanges otherChanges = changes(db);
        FleetServiceImpl other = otherServer(otherChanges);
        try {
            Enrollment edge = enroll(fleet.createToken(new TokenRequest(null, 1, null), "admin").secret(), "cached");
            fleet.setState(edge.edgeId(), EdgeState.APPROVED, "alice");
            await("the other server sees the edge approved",
                    () -> other.authenticateEdge(edge.credential()).state() == EdgeState.APPROVED);
            Thread.sleep(300); // its feed has learned of the approval, which made it read the row once more
            assertEquals(EdgeState.APPROVED, other.authenticateEdge(edge.credential()).state());
            // the other server trusts what it verified: a row changed behind every server's back is not read again
            sql("UPDATE edge SET state = 'REJECTED' WHERE id = " + edge.edgeId());
            Thread.sleep(300);
            assertEquals(EdgeState.APPROVED, other.authenticateEdge(edge.credential()).state(), "served from the cache");
            // a change made through a server goes through the feed to every server's cache
            fleet.setState(edge.edgeId(), EdgeState.DISABLED, "alice");
            long changed = System.nanoTime();
            await("the other server refuses the disabled edge", () -> refused(other, edge.credential()));
            long millis = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changed);
            assertTrue(millis < 2_000, "the other server refused after " + millis + " ms");
            // a new credential replaces the old one on every server, a deleted edge is unknown on every server
            fleet.setState(edge.edgeId(), EdgeState.APPROVED, "alice");
            String renewed = fleet.issueCredential(edge.edgeId(), "alice");
            await("the other server accepts the new credential",
                    () -> other.authenticateEdge(renewed).state() == EdgeState.APPROVED);
            assertThrows(UnauthenticatedException.class, () -> other.authenticateEdge(edge.credential()));
            fleet.deleteEdge(edge.edgeId(), false, "alice");
            await("the other server forgets the deleted edge", () -> {
                try {
                    other.authenticateEdge(renewed);
                    return false;
                } catch (UnauthenticatedException e) {
                    return true;
                }
            });
        } finally {
            other.deactivate();
            otherChanges.deactivate();
        }
    }

    @Test
    void noCachedCredentialIsTrustedWhileTheChangeFeedCannotBeRead() throws Exception {
        EdgeChanges stalling = new EdgeChanges(new MyBatisEdgeChangeStore(db.database()), java.time.Clock.systemUTC(),
                java.time.Duration.ofMillis(500), 100);
        FleetServiceImpl other = otherServer(stalling);
        try {
            Enrollment edge = enroll(fleet.createToken(new TokenRequest(null, 1, null), "admin").secret(), "stalled");
            fleet.setState(edge.edgeId(), EdgeState.APPROVED, "alice");
            await("the other server sees the edge approved",
                    () -> other.authenticateEdge(edge.credential()).state() == EdgeState.APPROVED);
            // the feed stops being read (as when the database is out of reach for that server)
            stalling.deactivate();
            sql("UPDATE edge SET state = 'DISABLED' WHERE id = " + edge.edgeId());
            await("the other server reads the credential again", () -> refused(other, edge.credential()));
        } finally {
            other.deactivate();
        }
    }
}
