package io.modelfleet.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.modelfleet.api.deployment.AgentSettings;
import io.modelfleet.api.edge.DeviceInfo;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.EnrollmentToken;
import io.modelfleet.api.model.ModelLineage;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.api.model.NewModelVersion;
import io.modelfleet.persistence.EdgeChange;
import io.modelfleet.persistence.NewModelVersionRecord;
import io.modelfleet.persistence.NewEdgeRecord;
import io.modelfleet.persistence.PolicyTarget;
import io.modelfleet.persistence.testing.TestDatabase;

/** The edge change feed: which writes record a change, and how a follower reads the feed. */
class EdgeChangeStoreTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00.250Z");
    private TestDatabase db;
    private MyBatisEdgeStore edges;
    private MyBatisEdgeChangeStore changes;

    @BeforeEach
    void setUp() {
        db = TestDatabase.create();
        edges = new MyBatisEdgeStore(db.database());
        changes = new MyBatisEdgeChangeStore(db.database());
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
    }

    private long newEdge(String name) {
        EnrollmentToken token = edges.insertToken("t-" + name, null, 1, NOW.plusSeconds(60), "admin", NOW);
        return edges.insertEdge(new NewEdgeRecord(name, "c".repeat(64), DeviceInfo.UNKNOWN, token.id(), NOW)).orElseThrow();
    }

    /** What a follower that has read up to {@code after} reads next, as "edge 7", "rollout 3/1" or "every edge". */
    private List<String> read(long after) {
        List<String> read = new ArrayList<>();
        for (EdgeChange change : changes.changesAfter(after, List.of(), 100)) {
            read.add(change.everyEdge() ? "every edge" : change.edgeId() != null ? "edge " + change.edgeId()
                    : "rollout " + change.rolloutId() + "/" + change.wave());
        }
        return read;
    }

    private void sql(String statement) throws Exception {
        try (Connection connection = db.dataSource().getConnection(); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void everyWriteThatChangesWhatAnEdgeIsToldOrMayDoIsRecorded() {
        long a = newEdge("cam-a");
        long b = newEdge("cam-b");
        long start = changes.latestChangeId();
        assertEquals(List.of(), read(start), "enrolling changes nothing anyone cached");

        edges.updateState(a, EdgeState.APPROVED, "admin", NOW);
        edges.setCredential(b, "d".repeat(64), "admin", NOW);
        edges.updateState(424242L, EdgeState.APPROVED, "admin", NOW);
        MyBatisDeploymentStore deployments = new MyBatisDeploymentStore(db.database());
        deployments.setCollectionPolicy(PolicyTarget.EDGE, a, "low-confidence<0.5", "admin", NOW);
        deployments.setCollectionPolicy(PolicyTarget.STREAM, 5, "all", "admin", NOW);
        MyBatisAgentReleaseStore releases = new MyBatisAgentReleaseStore(db.database());
        releases.setEdgeSettings(b, new AgentSettings(30, null, null), "admin", NOW);
        releases.setFleetSettings(new AgentSettings(60, 60, null), "admin", NOW);
        edges.deleteEdge(b, false, "admin", NOW);

        assertEquals(List.of("edge " + a, "edge " + b, "edge " + a, "every edge", "edge " + b, "every edge",
                "edge " + b), read(start), "an unknown edge's update records nothing");
        EdgeChange first = changes.changesAfter(start, List.of(), 1).get(0);
        assertEquals(NOW, first.changedAt());
    }

    @Test
    void aFollowerRereadsIdsThatWereMissingAndResolvesRolloutChanges() throws Exception {
        long a = newEdge("cam-a");
        long b = newEdge("cam-b");
        edges.updateState(a, EdgeState.APPROVED, "admin", NOW);
        edges.updateState(b, EdgeState.APPROVED, "admin", NOW);
        List<EdgeChange> all = changes.changesAfter(0, List.of(), 100);
        assertEquals(2, all.size());
        // a follower that read the second id before the first committed asks for the first again
        assertEquals(List.of(a), changes.changesAfter(all.get(1).id(), List.of(all.get(0).id()), 100).stream()
                .map(EdgeChange::edgeId).toList());
        assertEquals(List.of(), changes.changesAfter(all.get(1).id(), List.of(), 100));
        assertEquals(1, changes.changesAfter(0, List.of(), 1).size(), "limited");

        ModelVersion version = new MyBatisModelStore(db.database()).insert(new NewModelVersionRecord(
                new NewModelVersion("m", null, "onnx", Map.of(), Map.of(), new ModelLineage(null, null, null, null)),
                "a".repeat(64), 10, "models/m.onnx", null, "alice", NOW));
        sql("INSERT INTO rollout (model_version_id, selection, plan, state, wave_count, edge_count, created_at, "
                + "created_by, updated_at) VALUES (" + version.id() + ", '{}', '{}', 'RUNNING', 2, 2, NOW(), 'a', NOW())");
        long rollout = db.queryLong("SELECT id FROM rollout");
        sql("INSERT INTO rollout_edge (rollout_id, edge_id, wave) VALUES (" + rollout + ", " + a + ", 1), (" + rollout
                + ", " + b + ", 2)");
        assertEquals(List.of(b), changes.rolloutEdges(rollout, 2));
        assertEquals(List.of(a, b), changes.rolloutEdges(rollout, null));
    }

    @Test
    void oldChangesAreDeletedInBatches() {
        long a = newEdge("cam-a");
        for (int i = 0; i < 5; i++) {
            edges.updateState(a, EdgeState.APPROVED, "admin", NOW.minusSeconds(3600));
        }
        edges.updateState(a, EdgeState.DISABLED, "admin", NOW);
        assertEquals(3, changes.deleteChangesBefore(NOW.minusSeconds(60), 3));
        assertEquals(2, changes.deleteChangesBefore(NOW.minusSeconds(60), 3));
        assertEquals(0, changes.deleteChangesBefore(NOW.minusSeconds(60), 3));
        assertEquals(List.of("edge " + a), read(0), "the recent change stays");
        assertTrue(changes.latestChangeId() > 0);
    }
}
