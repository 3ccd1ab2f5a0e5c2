package io.modelfleet.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.UnauthenticatedException;
import io.modelfleet.api.dataset.Dataset;
import io.modelfleet.api.dataset.DatasetVersion;
import io.modelfleet.api.dataset.ImportJob;
import io.modelfleet.api.dataset.NewDataset;
import io.modelfleet.api.edge.DeviceInfo;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.EnrollRequest;
import io.modelfleet.api.edge.Enrollment;
import io.modelfleet.api.edge.TokenRequest;
import io.modelfleet.api.model.ModelLineage;
import io.modelfleet.api.model.ModelSignature;
import io.modelfleet.api.model.NewModelVersion;
import io.modelfleet.api.plugin.PluginDescriptor;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.api.security.AuditQuery;
import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.source.DataItem;
import io.modelfleet.api.spi.source.DataSource;
import io.modelfleet.api.spi.source.ImportContext;
import io.modelfleet.api.spi.source.ImportRequest;
import io.modelfleet.api.spi.source.ImportSummary;
import io.modelfleet.persistence.NewModelVersionRecord;
import io.modelfleet.persistence.internal.MyBatisArtifactGcStore;
import io.modelfleet.persistence.internal.MyBatisAuditStore;
import io.modelfleet.persistence.internal.MyBatisDatasetStore;
import io.modelfleet.persistence.internal.MyBatisEdgeStore;
import io.modelfleet.persistence.internal.MyBatisModelStore;
import io.modelfleet.persistence.testing.TestDatabase;
import io.modelfleet.storage.internal.FileSystemArtifactStore;

/** Deleting edges and datasets through the services, on the real stores and MariaDB, and collecting their files. */
class DeletionTest {
    @TempDir
    Path dir;
    private TestDatabase db;
    private MyBatisAuditStore auditStore;
    private AuditLog audit;
    private TestSupport.MovableClock clock;
    private EdgeChanges changes;
    private FleetServiceImpl fleet;
    private DatasetServiceImpl datasets;
    private FileSystemArtifactStore blobs;
    private ArtifactCollector collector;

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabase.create();
        clock = new TestSupport.MovableClock(Instant.now());
        auditStore = new MyBatisAuditStore(db.database());
        audit = TestSupport.audit(auditStore, clock);
        changes = FleetServiceTest.changes(db);
        fleet = new FleetServiceImpl(new MyBatisEdgeStore(db.database()), changes, audit, new MetricsRegistry(),
                FleetServiceTest.config(Map.of("heartbeatFlushMillis", 3_600_000L)), clock);
        blobs = new FileSystemArtifactStore(dir.resolve("blobs"));
        PluginRegistryImpl plugins = new PluginRegistryImpl();
        plugins.bindDataSource(new FilesSource(), Delivery.reference());
        datasets = new DatasetServiceImpl(new MyBatisDatasetStore(db.database()), blobs, audit, plugins, clock);
        collector = new ArtifactCollector(new MyBatisArtifactGcStore(db.database()), blobs, clock, "server-a",
                Duration.ofMinutes(60), 2);
    }

    @AfterEach
    void tearDown() throws Exception {
        fleet.deactivate();
        changes.deactivate();
        datasets.deactivate();
        collector.deactivate();
        db.close();
    }

    private void sql(String statement) throws Exception {
        try (Connection connection = db.dataSource().getConnection(); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    private Enrollment approvedEdge(String token, String name) throws Exception {
        Enrollment edge = fleet.enroll(new EnrollRequest(token, name, DeviceInfo.UNKNOWN));
        fleet.setState(edge.edgeId(), EdgeState.APPROVED, "admin");
        for (int seq = 1; seq <= 3; seq++) {
            sql("INSERT INTO inference_result (edge_id, seq, time, received_at) VALUES (" + edge.edgeId() + ", " + seq
                    + ", UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))");
            sql("INSERT INTO edge_event (edge_id, seq, kind, time, message, received_at) VALUES (" + edge.edgeId()
                    + ", " + seq + ", 'EDGE_ERROR', UTC_TIMESTAMP(3), 'm', UTC_TIMESTAMP(3))");
        }
        return edge;
    }

    private long dataOf(long edgeId) throws Exception {
        return db.queryLong("SELECT (SELECT COUNT(*) FROM inference_result WHERE edge_id = " + edgeId
                + ") + (SELECT COUNT(*) FROM edge_event WHERE edge_id = " + edgeId + ")");
    }

    @Test
    void aDeletedEdgesCredentialIsRefusedAtOnceAndItsDataIsKeptOrRemovedAsAsked() throws Exception {
        String token = fleet.createToken(new TokenRequest("two", 2, null), "admin").secret();
        Enrollment kept = approvedEdge(token, "kept-cam");
        Enrollment removed = approvedEdge(token, "removed-cam");
        // verified once: the credential is in this server's 10 s cache
        assertEquals(EdgeState.APPROVED, fleet.authenticateEdge(kept.credential()).state());
        assertEquals(EdgeState.APPROVED, fleet.authenticateEdge(removed.credential()).state());

        fleet.deleteEdge(kept.edgeId(), false, "admin");
        assertThrows(UnauthenticatedException.class, () -> fleet.authenticateEdge(kept.credential()),
                "refused at once, although it was cached");
        assertThrows(NotFoundException.class, () -> fleet.getEdge(kept.edgeId()));
        assertEquals(0, fleet.listEdges(new io.modelfleet.api.edge.EdgeQuery(null, null, null, null, "kept-cam",
                io.modelfleet.api.PageRequest.of(null, null))).total());
        assertEquals(6, dataOf(kept.edgeId()), "its results and events stay, by edge id");

        fleet.deleteEdge(removed.edgeId(), true, "admin");
        assertThrows(UnauthenticatedException.class, () -> fleet.authenticateEdge(removed.credential()));
        fleet.purge(); // what the purge thread does right after the deletion
        assertEquals(0, dataOf(removed.edgeId()));
        assertEquals(6, dataOf(kept.edgeId()));
        assertThrows(NotFoundException.class, () -> fleet.deleteEdge(removed.edgeId(), true, "admin"));

        var entries = audit.query(new AuditQuery(null, "edge", null, null, null, io.modelfleet.api.PageRequest.of(100, null)))
                .items().stream().filter(e -> e.action().equals("edge.delete")).map(e -> e.detail()).toList();
        assertEquals(2, entries.size());
        assertTrue(entries.contains("name=kept-cam, data kept") && entries.contains("name=removed-cam, data removed"),
                entries.toString());
    }

    /** A FILES source storing each option "name=content" pair as an item with a file. */
    private static final class FilesSource implements DataSource {
        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor("files", "Files", "1.0.0", null);
        }

        @Override
        public String importOptionsSchema() {
            return "{\"type\": \"object\", \"properties\": {\"items\": {\"type\": \"string\"}}}";
        }

        @Override
        public ImportSummary importItems(ImportRequest request, ImportContext context) throws Exception {
            String[] pairs = ((String) request.options().get("items")).split(",");
            for (String pair : pairs) {
                String[] kv = pair.split("=");
                String ref = context.storeContent(kv[0] + ".txt",
                        new ByteArrayInputStream(kv[1].getBytes(StandardCharsets.UTF_8)));
                context.accept(new DataItem(kv[0], Map.of(), ref, "text/plain", "cat", null));
            }
            return new ImportSummary(pairs.length, 0, List.of());
        }
    }

    private void importItems(Dataset dataset, String items) throws Exception {
        long id = datasets.startImport(dataset.id(), "files", Map.of("items", items), "alice").id();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        ImportJob job = datasets.job(id);
        while (job.state() == ImportJob.ImportState.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(20);
            job = datasets.job(id);
        }
        assertEquals(ImportJob.ImportState.SUCCEEDED, job.state(), String.valueOf(job.error()));
    }

    private Map<String, String> refs(Dataset dataset) {
        Map<String, String> refs = new HashMap<>();
        datasets.items(dataset.id(), new io.modelfleet.api.dataset.ItemQuery(null, null, null, null)).items()
                .forEach(item -> refs.put(item.sourceKey(), item.contentRef()));
        return refs;
    }

    private boolean stored(String key) throws Exception {
        return blobs.size(key) >= 0;
    }

    @Test
    void theCollectorKeepsReferencedAndYoungBlobsAndRemovesTheRest() throws Exception {
        Dataset pics = datasets.create(new NewDataset("pics", null, DatasetKind.FILES, List.of(), List.of()), "alice");
        Dataset other = datasets.create(new NewDataset("other", null, DatasetKind.FILES, List.of(), List.of()), "alice");
        importItems(pics, "a=A,b=B");
        DatasetVersion named = datasets.publish(pics.id(), "alice");
        importItems(pics, "c=C,d=D,e=E");
        DatasetVersion unnamed = datasets.publish(pics.id(), "alice");
        importItems(other, "c2=C");
        Map<String, String> refs = refs(pics);
        // a model trained on the first version: lineage keeps it, its items and their files
        new MyBatisModelStore(db.database()).insert(new NewModelVersionRecord(new NewModelVersion("trained", null,
                "onnx", Map.of(), Map.of(), new ModelLineage(null, null, named.id(), null)), "f".repeat(64), 1,
                "models/trained.onnx", new ModelSignature(List.of(), List.of()), "alice", clock.instant()));
        Path csv = Files.writeString(dir.resolve("export.csv"), "key,content,label\n");
        blobs.put("training/datasets/version-" + named.id() + ".csv", csv);
        blobs.put("training/datasets/version-" + unnamed.id() + ".csv", csv);

        datasets.delete(pics.id(), "admin");
        assertThrows(NotFoundException.class, () -> datasets.get(pics.id()));
        assertTrue(datasets.list().stream().noneMatch(d -> d.id() == pics.id()));
        ConflictException refused = assertThrows(ConflictException.class,
                () -> datasets.startImport(pics.id(), "files", Map.of("items", "x=X"), "alice"));
        assertTrue(refused.detail().contains("deleted"), refused.detail());
        assertThrows(ConflictException.class, () -> datasets.publish(pics.id(), "alice"));
        assertThrows(ConflictException.class, () -> datasets.changeable(pics.id()), "uploads: 409 before the body");
        assertThrows(ConflictException.class, () -> datasets.relabel(pics.id(), List.of(1L), "cat", "alice"));
        assertEquals("pics", datasets.create(new NewDataset("pics", null, DatasetKind.FILES, List.of(), List.of()),
                "alice").name(), "the name is free again");

        ArtifactCollector.Collected first = collector.collect();
        assertTrue(first.rows() > 0);
        assertEquals(0, first.blobsDeleted(), "within the grace period nothing is deleted");
        // an import elsewhere stores D again meanwhile: off the queue, kept
        importItems(other, "d2=D");

        clock.advance(Duration.ofMinutes(61));
        ArtifactCollector.Collected second = collector.collect();
        assertTrue(stored(refs.get("a")) && stored(refs.get("b")), "a version lineage names holds them");
        assertTrue(stored(refs.get("c")), "another dataset holds the same file");
        assertTrue(stored(refs.get("d")), "stored again after the deletion");
        assertTrue(!stored(refs.get("e")), "nothing references it any more");
        assertTrue(stored("training/datasets/version-" + named.id() + ".csv"));
        assertTrue(!stored("training/datasets/version-" + unnamed.id() + ".csv"));
        assertEquals(2, second.blobsDeleted(), second.toString());
        assertEquals(0, collector.collect().blobsDeleted(), "nothing left to do");
        assertTrue(datasets.version(named.id()).items() == 2, "the named version stays readable");
    }
}
