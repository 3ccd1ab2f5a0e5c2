package io.modelfleet.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.edge.ConnectionState;
import io.modelfleet.api.edge.DeviceInfo;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeQuery;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.EdgeUpdate;
import io.modelfleet.api.edge.EnrollmentToken;
import io.modelfleet.api.edge.FleetSummary;
import io.modelfleet.api.edge.Heartbeat;
import io.modelfleet.api.edge.InferenceStatus;
import io.modelfleet.persistence.NewEdgeRecord;
import io.modelfleet.persistence.testing.TestDatabase;

class EdgeStoreTest {
    private static TestDatabase db;
    private static MyBatisEdgeStore store;
    private static final Instant NOW = Instant.parse("2026-11-23T10:15:30.123Z");
    private static final DeviceInfo DEVICE = new DeviceInfo("cam.local", "Linux", "6.1", "aarch64", "Cortex-A72", 4,
            4_000_000_000L, null, "0.1.0", List.of("onnx", "tflite"));

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create();
        store = new MyBatisEdgeStore(db.database());
    }

    @AfterAll
    static void tearDown() throws Exception {
        db.close();
    }

    private static long newEdge(String name) {
        EnrollmentToken token = store.insertToken("h-" + name, null, 1, NOW.plusSeconds(60), "admin", NOW);
        return store.insertEdge(new NewEdgeRecord(name, "c".repeat(64), DEVICE, token.id(), NOW)).orElseThrow();
    }

    @Test
    void tokensAreConsumedAtomicallyUpToTheirLimit() {
        EnrollmentToken token = store.insertToken("a".repeat(64), "two uses", 2, NOW.plusSeconds(3600), "admin", NOW);
        assertEquals(2, token.maxUses());
        assertEquals(NOW.plusSeconds(3600), token.expiresAt());
        assertEquals(token.id(), store.consumeToken("a".repeat(64), NOW).orElseThrow());
        assertTrue(store.consumeToken("a".repeat(64), NOW).isPresent());
        assertTrue(store.consumeToken("a".repeat(64), NOW).isEmpty(), "exhausted");
        assertFalse(store.listTokens(false, NOW).stream().anyMatch(t -> t.id() == token.id()));
        assertTrue(store.listTokens(true, NOW).stream().anyMatch(t -> t.id() == token.id() && t.uses() == 2));
    }

    @Test
    void expiredAndRevokedTokensDoNotEnroll() {
        store.insertToken("b".repeat(64), null, 5, NOW.plusSeconds(10), "admin", NOW);
        assertTrue(store.consumeToken("b".repeat(64), NOW.plusSeconds(10)).isEmpty(), "expired at its expiry instant");
        EnrollmentToken revoked = store.insertToken("d".repeat(64), null, 5, NOW.plusSeconds(3600), "admin", NOW);
        assertTrue(store.revokeToken(revoked.id()));
        assertTrue(store.consumeToken("d".repeat(64), NOW).isEmpty());
        assertFalse(store.revokeToken(987654321L));
        assertTrue(store.consumeToken("unknown", NOW).isEmpty());
    }

    @Test
    void edgeNamesAreUnique() {
        newEdge("unique-1");
        assertTrue(store.insertEdge(new NewEdgeRecord("unique-1", "c".repeat(64), DEVICE, 1, NOW)).isEmpty());
    }

    @Test
    void enrolledEdgesRoundTripDeviceInfoAndTime() {
        long id = newEdge("roundtrip");
        Edge edge = store.findEdge(id, NOW).orElseThrow();
        assertEquals(DEVICE, edge.device());
        assertEquals(EdgeState.PENDING, edge.state());
        assertEquals(InferenceStatus.NO_MODEL, edge.inferenceStatus());
        assertEquals(NOW, edge.createdAt(), "millisecond precision, UTC");
        assertEquals(ConnectionState.OFFLINE, edge.connection());
        assertEquals(EdgeState.PENDING, store.credential(id).orElseThrow().state());
        assertTrue(store.findEdge(123456789L, NOW).isEmpty());
    }

    @Test
    void heartbeatsUpdateAndLastSeenNeverMovesBack() {
        long id = newEdge("beating");
        DeviceInfo upgraded = new DeviceInfo("cam.local", "Linux", "6.6", "aarch64", null, 4, null, null, "0.2.0", List.of());
        store.recordHeartbeat(id, new Heartbeat(upgraded, "v2.1", InferenceStatus.READY), NOW);
        Edge edge = store.findEdge(id, NOW.minusSeconds(90)).orElseThrow();
        assertEquals("0.2.0", edge.device().agentVersion());
        assertEquals("v2.1", edge.modelVersion());
        assertEquals(InferenceStatus.READY, edge.inferenceStatus());
        assertEquals(ConnectionState.ONLINE, edge.connection());
        store.touchLastSeen(Map.of(id, NOW.plusSeconds(30)));
        store.touchLastSeen(Map.of(id, NOW.plusSeconds(5)));
        assertEquals(NOW.plusSeconds(30), store.findEdge(id, NOW).orElseThrow().lastSeenAt());
        assertEquals(ConnectionState.OFFLINE, store.findEdge(id, NOW.plusSeconds(31)).orElseThrow().connection());
    }

    @Test
    void listFiltersByStateConnectionTagAndSearch() {
        long a = newEdge("line3-cam-a");
        long b = newEdge("line3_cam_b");
        store.updateEdge(a, new EdgeUpdate(null, "north door", "Plant 3", Map.of("line", "3", "site", "lyon")), "op", NOW);
        store.updateEdge(b, new EdgeUpdate(null, null, null, Map.of("line", "4")), "op", NOW);
        store.updateState(b, EdgeState.APPROVED, "op", NOW);
        store.recordHeartbeat(b, new Heartbeat(null, null, null), NOW);

        assertEquals(List.of(a), ids(new EdgeQuery(null, null, "line", "3", null, null)));
        assertEquals(List.of(a, b), ids(new EdgeQuery(null, null, "line", null, "line3", null)));
        assertEquals(List.of(b), ids(new EdgeQuery(EdgeState.APPROVED, null, "line", null, null, null)));
        assertEquals(List.of(b), ids(new EdgeQuery(null, ConnectionState.ONLINE, "line", null, null, null)));
        assertEquals(List.of(b), ids(new EdgeQuery(null, null, null, null, "line3_cam", null)), "_ is literal");
        assertEquals(List.of(a), ids(new EdgeQuery(null, null, null, null, "Plant", null)));
        Edge tagged = store.findEdge(a, NOW).orElseThrow();
        assertEquals(Map.of("line", "3", "site", "lyon"), tagged.tags());
        assertEquals("north door", tagged.description());
        assertEquals("op", tagged.updatedBy());

        var page = store.listEdges(new EdgeQuery(null, null, "line", null, null, new PageRequest(1, 1)), NOW);
        assertEquals(2, page.total());
        assertEquals(List.of(b), page.items().stream().map(Edge::id).toList());
    }

    private static List<Long> ids(EdgeQuery query) {
        return store.listEdges(query, NOW.minusSeconds(90)).items().stream().map(Edge::id).toList();
    }

    @Test
    void renamingToATakenNameConflicts() {
        newEdge("taken");
        long other = newEdge("other");
        assertThrows(ConflictException.class,
                () -> store.updateEdge(other, new EdgeUpdate("taken", null, null, null), "op", NOW));
        assertEquals("other", store.findEdge(other, NOW).orElseThrow().name());
        assertFalse(store.updateEdge(99999999L, new EdgeUpdate("x", null, null, null), "op", NOW));
        assertFalse(store.updateState(99999999L, EdgeState.APPROVED, "op", NOW));
    }

    @Test
    void summaryCountsStatesAndConnections() {
        FleetSummary before = store.summary(NOW);
        long id = newEdge("summary-edge");
        store.updateState(id, EdgeState.DISABLED, "op", NOW);
        store.recordHeartbeat(id, new Heartbeat(null, null, null), NOW.plus(1, ChronoUnit.DAYS));
        FleetSummary summary = store.summary(NOW.plus(1, ChronoUnit.DAYS));
        assertEquals(before.total() + 1, summary.total());
        assertEquals(before.byState().get(EdgeState.DISABLED) + 1, summary.byState().get(EdgeState.DISABLED));
        assertEquals(before.byState().get(EdgeState.PENDING), summary.byState().get(EdgeState.PENDING));
        assertEquals(summary.total(), summary.byState().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(1, summary.online());
        assertEquals(summary.total() - 1, summary.offline());
    }

    @Test
    void concurrentEnrollmentsNeverOveruseAToken() throws Exception {
        String hash = "e".repeat(64);
        EnrollmentToken token = store.insertToken(hash, null, 3, NOW.plusSeconds(3600), "admin", NOW);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Optional<Long>>> attempts = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                attempts.add(pool.submit(() -> store.consumeToken(hash, NOW)));
            }
            int granted = 0;
            for (Future<Optional<Long>> attempt : attempts) {
                granted += attempt.get().isPresent() ? 1 : 0;
            }
            assertEquals(3, granted);
        } finally {
            pool.shutdown();
        }
        EnrollmentToken used = store.listTokens(true, NOW).stream().filter(t -> t.id() == token.id()).findFirst()
                .orElseThrow();
        assertEquals(3, used.uses());
        assertEquals(EnrollmentToken.Status.EXHAUSTED, used.status(NOW));
    }

    @Test
    void inactiveTokensAreListedOnlyOnRequest() {
        EnrollmentToken expired = store.insertToken("f".repeat(64), "old", 1, NOW.minusSeconds(1), "admin",
                NOW.minusSeconds(100));
        EnrollmentToken active = store.insertToken("g".repeat(64), "fresh", 1, NOW.plusSeconds(100), "admin", NOW);
        List<Long> activeIds = store.listTokens(false, NOW).stream().map(EnrollmentToken::id).toList();
        assertTrue(activeIds.contains(active.id()));
        assertFalse(activeIds.contains(expired.id()));
        assertTrue(store.listTokens(true, NOW).stream().anyMatch(t -> t.id() == expired.id()
                && t.status(NOW) == EnrollmentToken.Status.EXPIRED && "old".equals(t.description())));
        assertTrue(store.revokeToken(active.id()));
        assertTrue(store.revokeToken(active.id()), "revoking twice still finds the token");
        assertFalse(store.listTokens(false, NOW).stream().anyMatch(t -> t.id() == active.id()));
    }

    @Test
    void edgeNamesAreUniqueIgnoringCase() {
        newEdge("Case-Cam");
        assertTrue(store.insertEdge(new NewEdgeRecord("case-cam", "c".repeat(64), DEVICE, 1, NOW)).isEmpty());
    }

    @Test
    void heartbeatsWithoutDeviceFactsKeepTheStoredOnes() {
        long id = newEdge("quiet");
        store.recordHeartbeat(id, new Heartbeat(null, "v3", InferenceStatus.INFERENCING), NOW.plusSeconds(1));
        Edge edge = store.findEdge(id, NOW).orElseThrow();
        assertEquals(DEVICE, edge.device());
        assertEquals("v3", edge.modelVersion());
        assertEquals(InferenceStatus.INFERENCING, edge.inferenceStatus());
        assertEquals(NOW.plusSeconds(1), edge.lastSeenAt());
        store.recordHeartbeat(id, new Heartbeat(null, "v3", InferenceStatus.READY), NOW);
        assertEquals(NOW.plusSeconds(1), store.findEdge(id, NOW).orElseThrow().lastSeenAt(),
                "a late heartbeat does not move last-seen back");
    }

    @Test
    void runtimeNamesSurviveAnyCharacter() {
        DeviceInfo odd = new DeviceInfo(null, null, null, null, null, null, null, null, null,
                List.of("onnx,cuda", "tensor\"rt\"", "ö"));
        EnrollmentToken token = store.insertToken("h-odd", null, 1, NOW.plusSeconds(60), "admin", NOW);
        long id = store.insertEdge(new NewEdgeRecord("odd-runtimes", "c".repeat(64), odd, token.id(), NOW))
                .orElseThrow();
        assertEquals(odd.runtimes(), store.findEdge(id, NOW).orElseThrow().device().runtimes());
    }

    @Test
    void touchLastSeenMovesManyEdgesForwardOnly() {
        long never = newEdge("touch-never-seen");
        long seen = newEdge("touch-seen");
        long ahead = newEdge("touch-ahead");
        store.recordHeartbeat(seen, new Heartbeat(null, null, null), NOW);
        store.recordHeartbeat(ahead, new Heartbeat(null, null, null), NOW.plusSeconds(100));
        store.touchLastSeen(Map.of(never, NOW.plusSeconds(10), seen, NOW.plusSeconds(10), ahead,
                NOW.plusSeconds(10), 987654321L, NOW));
        assertEquals(NOW.plusSeconds(10), store.findEdge(never, NOW).orElseThrow().lastSeenAt());
        assertEquals(NOW.plusSeconds(10), store.findEdge(seen, NOW).orElseThrow().lastSeenAt());
        assertEquals(NOW.plusSeconds(100), store.findEdge(ahead, NOW).orElseThrow().lastSeenAt());
        store.touchLastSeen(Map.of());
    }

    @Test
    void tagsAreReplacedClearedOrKept() {
        long id = newEdge("tagged");
        store.updateEdge(id, new EdgeUpdate(null, null, null, Map.of("a", "1", "b", "2")), "op", NOW);
        store.updateEdge(id, new EdgeUpdate(null, null, "Hall 2", null), "op", NOW);
        assertEquals(Map.of("a", "1", "b", "2"), store.findEdge(id, NOW).orElseThrow().tags(), "null keeps tags");
        store.updateEdge(id, new EdgeUpdate(null, null, null, Map.of("b", "3", "B", "4")), "op", NOW);
        assertEquals(Map.of("b", "3", "B", "4"), store.findEdge(id, NOW).orElseThrow().tags(), "replaced");
        store.updateEdge(id, new EdgeUpdate("tagged-renamed", null, null, Map.of()), "op2", NOW.plusSeconds(5));
        Edge edge = store.findEdge(id, NOW).orElseThrow();
        assertEquals(Map.of(), edge.tags(), "an empty map clears");
        assertEquals("tagged-renamed", edge.name());
        assertEquals("Hall 2", edge.location());
        assertEquals("op2", edge.updatedBy());
        assertEquals(NOW.plusSeconds(5), edge.updatedAt());
        assertEquals(NOW, edge.createdAt());
    }

    @Test
    void searchTreatsWildcardsLiterally() {
        long percent = newEdge("pct-edge");
        long bang = newEdge("bang-edge");
        newEdge("plain-edge");
        store.updateEdge(percent, new EdgeUpdate(null, "100% uptime", null, Map.of("search", "x")), "op", NOW);
        store.updateEdge(bang, new EdgeUpdate(null, "wow!%", null, Map.of("search", "x")), "op", NOW);
        assertEquals(List.of(percent, bang), ids(new EdgeQuery(null, null, null, null, "%", null)));
        assertEquals(List.of(bang), ids(new EdgeQuery(null, null, null, null, "!%", null)));
        assertEquals(List.of(percent), ids(new EdgeQuery(null, null, null, null, "100% UPTIME", null)),
                "search ignores case");
        assertEquals(2, ids(new EdgeQuery(null, ConnectionState.OFFLINE, "search", "x", null, null)).size());
    }
}
