package io.modelfleet.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.deployment.EdgeDeployment;
import io.modelfleet.api.edge.DeviceInfo;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.EdgeUpdate;
import io.modelfleet.api.edge.EnrollmentToken;
import io.modelfleet.api.model.Model;
import io.modelfleet.api.model.ModelLineage;
import io.modelfleet.api.model.ModelSignature;
import io.modelfleet.api.model.ModelStage;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.api.model.NewModelVersion;
import io.modelfleet.api.model.TensorSpec;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;
import io.modelfleet.persistence.NewEdgeRecord;
import io.modelfleet.persistence.NewModelVersionRecord;
import io.modelfleet.persistence.testing.TestDatabase;

class ModelAndDeploymentStoreTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:15:30.123Z");
    private static final ModelSignature SIGNATURE = new ModelSignature(
            List.of(new TensorSpec("features", "float", List.of(-1L, 4L))),
            List.of(new TensorSpec("probabilities", "float", List.of(-1L, 3L))));
    private static TestDatabase db;
    private static MyBatisModelStore models;
    private static MyBatisDeploymentStore deployments;
    private static MyBatisEdgeStore edges;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create();
        models = new MyBatisModelStore(db.database());
        deployments = new MyBatisDeploymentStore(db.database());
        edges = new MyBatisEdgeStore(db.database());
    }

    @AfterAll
    static void tearDown() throws Exception {
        db.close();
    }

    private static ModelVersion insert(String name, String version) {
        NewModelVersion spec = new NewModelVersion(name, version, "onnx", Map.of("labels", "a,b,c"),
                Map.of("accuracy", 0.93), new ModelLineage(7L, null, null, null));
        return models.insert(new NewModelVersionRecord(spec, "f".repeat(64), 1234, "models/" + name + "/x.onnx",
                SIGNATURE, "alice", NOW));
    }

    private static long approvedEdge(String name, Map<String, String> tags) {
        EnrollmentToken token = edges.insertToken("t-" + name, null, 1, NOW.plusSeconds(60), "admin", NOW);
        long id = edges.insertEdge(new NewEdgeRecord(name, "c".repeat(64), DeviceInfo.UNKNOWN, token.id(), NOW))
                .orElseThrow();
        edges.updateState(id, EdgeState.APPROVED, "admin", NOW);
        if (!tags.isEmpty()) {
            edges.updateEdge(id, new EdgeUpdate(null, null, null, tags), "admin", NOW);
        }
        return id;
    }

    @Test
    void versionsRoundTripAndAreNumberedPerName() {
        ModelVersion first = insert("detector", null);
        ModelVersion second = insert("detector", null);
        ModelVersion named = insert("detector", "2026.11");
        assertEquals("1", first.version());
        assertEquals("2", second.version());
        assertEquals(SIGNATURE, first.signature());
        assertEquals(Map.of("labels", "a,b,c"), first.metadata());
        assertEquals(0.93, first.metrics().get("accuracy"));
        assertEquals(7L, first.lineage().streamId());
        assertEquals(ModelStage.CANDIDATE, first.stage());
        assertEquals(NOW, first.createdAt());
        assertThrows(ConflictException.class, () -> insert("detector", "2026.11"));
        assertEquals(List.of("2026.11", "2", "1"), models.listVersions("detector").stream().map(ModelVersion::version).toList());
        Model model = models.listModels().stream().filter(m -> m.name().equals("detector")).findFirst().orElseThrow();
        assertEquals(3, model.versions());
        assertEquals(named.id(), model.latestVersionId());
        assertEquals("models/detector/x.onnx", models.artifactKey(first.id()).orElseThrow());
        assertTrue(models.updateStage(first.id(), ModelStage.APPROVED, "bob", NOW.plusSeconds(1)));
        assertEquals(ModelStage.APPROVED, models.find("detector", "1").orElseThrow().stage());
        assertFalse(models.updateStage(999_999, ModelStage.APPROVED, "bob", NOW));
    }

    @Test
    void concurrentUploadsGetDistinctNumbers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ModelVersion>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> insert("racer", null)));
            }
            java.util.Set<String> versions = new java.util.HashSet<>();
            for (Future<ModelVersion> f : futures) {
                versions.add(f.get().version());
            }
            assertEquals(8, versions.size());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void assignmentMakesCurrentDeploymentsAndKeepsHistory() {
        ModelVersion v1 = insert("assign-model", null);
        ModelVersion v2 = insert("assign-model", null);
        long a = approvedEdge("dep-a", Map.of("line", "3"));
        long b = approvedEdge("dep-b", Map.of("line", "4"));
        assertEquals(List.of(a), deployments.approvedEdgesWithTag("line", "3"));
        assertEquals(List.of(a, b), deployments.approvedEdgesWithTag("line", null).stream()
                .filter(id -> id == a || id == b).toList());

        List<EdgeDeployment> first = deployments.assign(v1.id(), List.of(b, a), "alice", NOW);
        assertEquals(List.of(a, b), first.stream().map(EdgeDeployment::edgeId).toList());
        assertTrue(first.stream().allMatch(d -> d.current() && d.status() == EdgeDeploymentStatus.PENDING));
        assertEquals("dep-a", first.get(0).edgeName());
        assertEquals("assign-model", first.get(0).modelName());

        List<EdgeDeployment> second = deployments.assign(v2.id(), List.of(a), "alice", NOW.plusSeconds(5));
        assertEquals(second.get(0).id(), deployments.desiredTarget(a).deploymentId());
        assertEquals(null, deployments.desiredTarget(a).collectionPolicy(), "no policy set");
        List<EdgeDeployment> history = deployments.forEdge(a, 10);
        assertEquals(2, history.size());
        assertTrue(history.get(0).current());
        assertFalse(history.get(1).current());
        assertEquals(List.of(b), deployments.currentForModelVersion(v1.id()).stream().map(EdgeDeployment::edgeId).toList());

        assertTrue(deployments.updateStatus(a, second.get(0).id(), EdgeDeploymentStatus.FAILED, "load error", NOW));
        assertTrue(deployments.updateStatus(a, second.get(0).id(), EdgeDeploymentStatus.FAILED, "load error", NOW),
                "an unchanged report still belongs to the edge");
        assertFalse(deployments.updateStatus(b, second.get(0).id(), EdgeDeploymentStatus.ACTIVE, null, NOW),
                "another edge's deployment");
        EdgeDeployment failed = deployments.find(second.get(0).id()).orElseThrow();
        assertEquals(EdgeDeploymentStatus.FAILED, failed.status());
        assertEquals("load error", failed.detail());
    }
}
