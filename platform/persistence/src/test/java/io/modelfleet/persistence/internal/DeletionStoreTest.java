package io.modelfleet.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.dataset.Dataset;
import io.modelfleet.api.dataset.DatasetState;
import io.modelfleet.api.dataset.DatasetVersion;
import io.modelfleet.api.dataset.ImportJob;
import io.modelfleet.api.dataset.NewDataset;
import io.modelfleet.api.edge.DeviceInfo;
import io.modelfleet.api.edge.EdgeQuery;
import io.modelfleet.api.edge.EdgeUpdate;
import io.modelfleet.api.model.ModelLineage;
import io.modelfleet.api.model.ModelSignature;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.api.model.NewModelVersion;
import io.modelfleet.api.model.TensorSpec;
import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.source.DataItem;
import io.modelfleet.persistence.BlobCandidate;
import io.modelfleet.persistence.NewEdgeRecord;
import io.modelfleet.persistence.NewModelVersionRecord;
import io.modelfleet.persistence.testing.TestDatabase;

/** Deleting edges, datasets and model versions against MariaDB: what stays, what goes, what is refused. */
class DeletionStoreTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:15:30.123Z");
    private static final ModelSignature SIGNATURE = new ModelSignature(
            List.of(new TensorSpec("features", "float", List.of(-1L, 4L))),
            List.of(new TensorSpec("probabilities", "float", List.of(-1L, 3L))));
    private static TestDatabase db;
    private static MyBatisEdgeStore edges;
    private static MyBatisDatasetStore datasets;
    private static MyBatisModelStore models;
    private static MyBatisArtifactGcStore garbage;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create();
        edges = new MyBatisEdgeStore(db.database());
        datasets = new MyBatisDatasetStore(db.database());
        models = new MyBatisModelStore(db.database());
        garbage = new MyBatisArtifactGcStore(db.database());
    }

    @AfterAll
    static void tearDown() throws Exception {
        db.close();
    }

    private static void exec(String sql) throws SQLException {
        try (Connection connection = db.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long count(String sql) throws SQLException {
        return db.queryLong(sql);
    }

    private static long edge(String name) {
        long token = edges.insertToken("t-" + name + System.nanoTime(), null, 1, NOW.plusSeconds(60), "admin", NOW).id();
        return edges.insertEdge(new NewEdgeRecord(name, "c".repeat(64), DeviceInfo.UNKNOWN, token, NOW)).orElseThrow();
    }

    /** Results, samples and events: n of each. */
    private static void data(long edgeId, int n) throws SQLException {
        for (int seq = 1; seq <= n; seq++) {
            exec("INSERT INTO inference_result (edge_id, seq, time, received_at) VALUES (" + edgeId + ", " + seq
                    + ", '2026-11-23 10:00:00', '2026-11-23 10:00:00')");
            exec("INSERT INTO inference_sample (edge_id, seq, time, input) VALUES (" + edgeId + ", " + seq
                    + ", '2026-11-23 10:00:00', '{}')");
            exec("INSERT INTO edge_event (edge_id, seq, kind, time, message, received_at) VALUES (" + edgeId + ", "
                    + seq + ", 'EDGE_ERROR', '2026-11-23 10:00:00', 'x', '2026-11-23 10:00:00')");
        }
    }

    private static long rows(long edgeId) throws SQLException {
        return count("SELECT (SELECT COUNT(*) FROM inference_result WHERE edge_id = " + edgeId + ") + (SELECT COUNT(*) "
                + "FROM inference_sample WHERE edge_id = " + edgeId + ") + (SELECT COUNT(*) FROM edge_event WHERE "
                + "edge_id = " + edgeId + ")");
    }

    private static ModelVersion model(String name, String artifactKey, Long parent) {
        NewModelVersion spec = new NewModelVersion(name, null, "onnx", Map.of(), Map.of(),
                new ModelLineage(null, null, null, parent));
        return models.insert(new NewModelVersionRecord(spec, "a".repeat(64), 10, artifactKey, SIGNATURE, "alice", NOW));
    }

    private static long deployment(long edgeId, long versionId, String status, boolean current) throws SQLException {
        exec("INSERT INTO edge_deployment (edge_id, model_version_id, status, created_at, created_by, updated_at) "
                + "VALUES (" + edgeId + ", " + versionId + ", '" + status + "', NOW(), 'a', NOW())");
        long id = count("SELECT MAX(id) FROM edge_deployment");
        if (current) {
            exec("UPDATE edge SET desired_deployment_id = " + id + " WHERE id = " + edgeId);
        }
        return id;
    }

    @Test
    void anEdgeDeletedKeepingItsDataIsGoneButWhatItSentStaysUnderItsId() throws Exception {
        long id = edge("keep-cam");
        edges.updateEdge(id, new EdgeUpdate(null, null, null, Map.of("line", "3")), "admin", NOW);
        ModelVersion version = model("keep-model", "models/k.onnx", null);
        deployment(id, version.id(), "ACTIVE", true);
        data(id, 3);

        assertEquals("keep-cam", edges.deleteEdge(id, false, "admin", NOW).orElseThrow());
        assertTrue(edges.credential(id).isEmpty(), "no credential: refused at once");
        assertTrue(edges.findEdge(id, NOW).isEmpty());
        assertEquals(0, edges.listEdges(new EdgeQuery(null, null, null, null, "keep-cam", PageRequest.of(null, null)),
                NOW).total());
        assertEquals(0, count("SELECT COUNT(*) FROM edge_tag WHERE edge_id = " + id));
        assertEquals(0, count("SELECT COUNT(*) FROM edge_deployment WHERE edge_id = " + id));
        assertEquals(9, rows(id), "results, samples and events stay");
        assertEquals(0, count("SELECT COUNT(*) FROM edge_purge WHERE edge_id = " + id));
        assertTrue(edges.deleteEdge(id, false, "admin", NOW).isEmpty(), "deleted twice: no such edge");
        edge("keep-cam"); // the name is free again
    }

    @Test
    void anEdgeDeletedWithItsDataLosesItInBatchesAndNoOtherEdgeDoes() throws Exception {
        long id = edge("purge-cam");
        long other = edge("other-cam");
        data(id, 5);
        data(other, 2);
        edges.deleteEdge(id, true, "admin", NOW);
        assertEquals(List.of(id), edges.edgesToPurge(10).stream().filter(e -> e == id).toList());

        int batches = 0;
        long removed = 0;
        for (int n = edges.purgeEdgeData(id, 2); n > 0; n = edges.purgeEdgeData(id, 2)) {
            assertTrue(n <= 6, "at most a batch per table");
            removed += n;
            batches++;
        }
        assertEquals(15, removed);
        assertEquals(3, batches);
        assertEquals(0, rows(id));
        assertEquals(6, rows(other));
        assertFalse(edges.finishPurge(id, NOW), "kept until the cutoff is past the deletion");
        assertTrue(edges.finishPurge(id, NOW.plusSeconds(60)));
        assertTrue(edges.edgesToPurge(10).stream().noneMatch(e -> e == id));
    }

    private static Dataset dataset(String name) {
        return datasets.insertDataset(new NewDataset(name, null, DatasetKind.FILES, List.of(), List.of()), "alice", NOW);
    }

    private static void items(Dataset dataset, String... keys) {
        ImportJob job = datasets.insertJob(dataset.id(), "local", "alice", "server-a", NOW.plusSeconds(30), NOW);
        datasets.stage(dataset.id(), job.id(), java.util.Arrays.stream(keys).map(key -> new DataItem(key, Map.of(),
                "datasets/content/" + key + ".png", null, "cat", null)).toList(), NOW);
        datasets.commitStaged(job.id());
        datasets.finishJob(job.id(), ImportJob.ImportState.SUCCEEDED, keys.length, 0, null, NOW);
    }

    private static void purge(long datasetId) {
        while (garbage.purgeDeletedDataset(datasetId, 2, NOW) > 0) {
            // batch after batch
        }
    }

    @Test
    void aDeletedDatasetIsNotListedFreesItsNameAndRefusesImportsAndVersions() {
        Dataset dataset = dataset("gone-soon");
        datasets.markDeleted(dataset.id(), NOW);
        assertEquals(DatasetState.DELETED, datasets.findDataset(dataset.id()).orElseThrow().state());
        assertTrue(datasets.listDatasets().stream().noneMatch(d -> d.id() == dataset.id()));
        assertFalse(datasets.beginImport(dataset.id(), NOW));
        assertThrows(ConflictException.class, () -> datasets.publish(dataset.id(), "alice", NOW));
        assertThrows(NotFoundException.class, () -> datasets.markDeleted(dataset.id(), NOW), "deleted already");
        assertThrows(NotFoundException.class, () -> datasets.markDeleted(999_999, NOW));
        datasets.setState(dataset.id(), DatasetState.AVAILABLE, NOW);
        assertEquals(DatasetState.DELETED, datasets.findDataset(dataset.id()).orElseThrow().state(), "never back");

        Dataset again = dataset("gone-soon");
        assertEquals("gone-soon", again.name());
        assertThrows(ConflictException.class, () -> dataset("gone-soon"), "live names stay unique");
    }

    @Test
    void aDatasetThatImportsOrThatStreamsTrainOnIsNotDeleted() throws Exception {
        Dataset importing = dataset("importing-set");
        assertTrue(datasets.beginImport(importing.id(), NOW));
        ConflictException busy = assertThrows(ConflictException.class, () -> datasets.markDeleted(importing.id(), NOW));
        assertTrue(busy.detail().contains("importing"), busy.detail());

        Dataset used = dataset("used-set");
        items(used, "u1");
        DatasetVersion version = datasets.publish(used.id(), "alice", NOW);
        exec("INSERT INTO stream (name, solution_id, dataset_version_id, backend_id, parameters, confidence_threshold, "
                + "status, created_at, created_by, updated_at, updated_by) VALUES ('line-3-stream', 'x', " + version.id()
                + ", 'local', '{}', 0.5, 'IDLE', NOW(), 'a', NOW(), 'a')");
        ConflictException streams = assertThrows(ConflictException.class, () -> datasets.markDeleted(used.id(), NOW));
        assertTrue(streams.detail().contains("line-3-stream"), streams.detail());
        assertEquals(DatasetState.AVAILABLE, datasets.findDataset(used.id()).orElseThrow().state());
    }

    @Test
    void purgingADeletedDatasetKeepsVersionsThatLineageNamesAndQueuesEveryBlobItDropped() throws Exception {
        Dataset dataset = dataset("purged-set");
        items(dataset, "p1", "p2", "p3");
        DatasetVersion kept = datasets.publish(dataset.id(), "alice", NOW); // p1..p3
        items(dataset, "p4", "p5");
        DatasetVersion dropped = datasets.publish(dataset.id(), "alice", NOW); // p1..p5
        ModelVersion trained = models.insert(new NewModelVersionRecord(new NewModelVersion("from-set", null, "onnx",
                Map.of(), Map.of(), new ModelLineage(null, null, kept.id(), null)), "b".repeat(64), 1,
                "models/from-set.onnx", SIGNATURE, "alice", NOW));
        Dataset live = dataset("live-set");
        items(live, "p5"); // another dataset holds the same file

        datasets.markDeleted(dataset.id(), NOW);
        assertTrue(garbage.deletedDatasets(100).contains(dataset.id()));
        purge(dataset.id());

        assertTrue(datasets.findVersion(dropped.id()).isEmpty());
        assertEquals(3, count("SELECT COUNT(*) FROM dataset_version_item WHERE version_id = " + kept.id()));
        assertEquals(3, count("SELECT COUNT(*) FROM dataset_item WHERE dataset_id = " + dataset.id()),
                "the items of the version model " + trained.reference() + " came from stay");
        List<String> queued = garbage.queuedBlobs(100).stream().map(BlobCandidate::key).toList();
        assertTrue(queued.containsAll(List.of("datasets/content/p4.png", "datasets/content/p5.png",
                "training/datasets/version-" + dropped.id() + ".csv")), queued.toString());
        assertFalse(garbage.blobReferenced("datasets/content/p4.png"));
        assertTrue(garbage.blobReferenced("datasets/content/p5.png"), "live-set still holds it");
        assertTrue(garbage.blobReferenced("datasets/content/p1.png"), "a kept version holds it");
        assertFalse(garbage.blobReferenced("training/datasets/version-" + dropped.id() + ".csv"));
        assertTrue(garbage.blobReferenced("training/datasets/version-" + kept.id() + ".csv"));
        assertTrue(garbage.blobReferenced("agent-releases/1.0-x.zip"), "unknown namespaces are never collected");
        assertEquals(DatasetState.AVAILABLE, datasets.findDataset(live.id()).orElseThrow().state());
        assertEquals(1, count("SELECT COUNT(*) FROM dataset_item WHERE dataset_id = " + live.id()));

        // once nothing names the kept version any more, the next pass takes it and its items too
        exec("DELETE FROM model_version WHERE id = " + trained.id());
        purge(dataset.id());
        assertEquals(0, count("SELECT COUNT(*) FROM dataset_item WHERE dataset_id = " + dataset.id()));
        assertFalse(garbage.deletedDatasets(100).contains(dataset.id()));
    }

    @Test
    void blobCandidatesWaitTheirGracePeriodAndOneServerClaimsEach() {
        garbage.queueBlobs(List.of("datasets/content/young.png"), NOW);
        garbage.queueBlobs(List.of("datasets/content/old.png"), NOW.minusSeconds(3600));
        List<BlobCandidate> due = garbage.dueBlobs(NOW.minusSeconds(1800), NOW, 100);
        assertTrue(due.stream().anyMatch(c -> c.key().equals("datasets/content/old.png")));
        assertTrue(due.stream().noneMatch(c -> c.key().equals("datasets/content/young.png")), "still in its grace");

        BlobCandidate old = due.stream().filter(c -> c.key().equals("datasets/content/old.png")).findFirst().orElseThrow();
        assertTrue(garbage.claimBlob(old, "server-a", NOW));
        assertFalse(garbage.claimBlob(old, "server-b", NOW), "read before the claim: changed since");
        assertFalse(datasets.reclaimBlob("datasets/content/old.png", NOW), "being deleted: the import waits");
        assertTrue(datasets.reclaimBlob("datasets/content/old.png", NOW.plus(
                io.modelfleet.persistence.ArtifactGcStore.STALE_CLAIM).plusSeconds(1)), "a stale claim is taken back");
        assertTrue(models.reclaimBlob("datasets/content/young.png", NOW), "stored again: off the queue");
        assertTrue(garbage.queuedBlobs(100).stream().noneMatch(c -> c.key().startsWith("datasets/content/young")));
        assertTrue(datasets.reclaimBlob("datasets/content/never-queued.png", NOW));
    }

    @Test
    void aModelVersionSomethingUsesIsRefusedNamingWhy() throws Exception {
        ModelVersion only = model("lonely", "models/lonely.onnx", null);
        ConflictException alone = assertThrows(ConflictException.class, () -> models.deleteVersion(only.id(), NOW));
        assertTrue(alone.detail().contains("only version"), alone.detail());

        ModelVersion first = model("busy", "models/busy-1.onnx", null);
        model("busy", "models/busy-2.onnx", first.id());
        long assigned = edge("assigned-cam");
        deployment(assigned, first.id(), "DOWNLOADING", true);
        long runner = edge("runner-cam");
        edges.recordHeartbeat(runner, new io.modelfleet.api.edge.Heartbeat(null, first.reference(), null), NOW);
        exec("INSERT INTO rollout (model_version_id, selection, plan, state, wave_count, edge_count, created_at, "
                + "created_by, updated_at) VALUES (" + first.id() + ", '{}', '{}', 'PAUSED', 1, 1, NOW(), 'a', NOW())");
        ConflictException busy = assertThrows(ConflictException.class, () -> models.deleteVersion(first.id(), NOW));
        assertTrue(busy.detail().contains("runner-cam") && busy.detail().contains("assigned-cam")
                && busy.detail().contains("under way") && busy.detail().contains("PAUSED"), busy.detail());
        assertTrue(models.find(first.id()).isPresent(), "nothing changed");
        assertThrows(NotFoundException.class, () -> models.deleteVersion(999_999, NOW));
    }

    @Test
    void aModelVersionNothingUsesGoesWithItsHistoryAndLaterVersionsKeepTheirLineage() throws Exception {
        ModelVersion v1 = model("chain", "models/chain-1.onnx", null);
        ModelVersion v2 = model("chain", "models/shared.onnx", v1.id());
        ModelVersion v3 = model("chain", "models/chain-3.onnx", v2.id());
        model("other", "models/shared.onnx", null); // same content, another model
        long cam = edge("history-cam");
        deployment(cam, v2.id(), "ACTIVE", false);
        deployment(cam, v3.id(), "ACTIVE", true);
        exec("INSERT INTO rollout (model_version_id, selection, plan, state, wave_count, edge_count, created_at, "
                + "created_by, updated_at) VALUES (" + v2.id() + ", '{}', '{}', 'SUCCEEDED', 1, 1, NOW(), 'a', NOW())");

        assertEquals(v2.id(), models.deleteVersion(v2.id(), NOW).id());
        assertTrue(models.find(v2.id()).isEmpty());
        assertEquals(v1.id(), models.find(v3.id()).orElseThrow().lineage().parentVersionId(), "v3 now follows v1");
        assertEquals(0, count("SELECT COUNT(*) FROM edge_deployment WHERE model_version_id = " + v2.id()));
        assertEquals(0, count("SELECT COUNT(*) FROM rollout WHERE model_version_id = " + v2.id()));
        assertTrue(garbage.queuedBlobs(100).stream().anyMatch(c -> c.key().equals("models/shared.onnx")));
        assertTrue(garbage.blobReferenced("models/shared.onnx"), "the other model shares the file");
        assertFalse(garbage.blobReferenced("models/chain-9.onnx"));
    }
}
