package io.modelfleet.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.dataset.Dataset;
import io.modelfleet.api.dataset.DatasetItem;
import io.modelfleet.api.dataset.DatasetState;
import io.modelfleet.api.dataset.DatasetVersion;
import io.modelfleet.api.dataset.ImportJob;
import io.modelfleet.api.dataset.ItemQuery;
import io.modelfleet.api.dataset.NewDataset;
import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.source.DataItem;
import io.modelfleet.persistence.testing.TestDatabase;

class DatasetStoreTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:15:30.123Z");
    private static TestDatabase db;
    private static MyBatisDatasetStore store;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create();
        store = new MyBatisDatasetStore(db.database());
    }

    @AfterAll
    static void tearDown() throws Exception {
        db.close();
    }

    private static Dataset dataset(String name) {
        return store.insertDataset(new NewDataset(name, null, DatasetKind.TABULAR, List.of("a", "b"), List.of("ok", "bad")),
                "alice", NOW);
    }

    private static DataItem row(String key, String label, Double score) {
        return new DataItem(key, Map.of("a", "1.5", "b", key), null, null, label, score);
    }

    private static List<String> keys(List<DatasetItem> items) {
        return items.stream().map(DatasetItem::sourceKey).toList();
    }

    @Test
    void importsBecomeVisibleOnlyWhenCommittedAndAFailedOneLeavesNothing() {
        Dataset dataset = dataset("staging");
        assertThrows(ConflictException.class, () -> dataset("staging"));
        ImportJob first = store.insertJob(dataset.id(), "local", "alice", "server-a", NOW.plusSeconds(30), NOW);
        assertEquals(2, store.stage(dataset.id(), first.id(), List.of(row("r1", "ok", 0.9), row("r2", "bad", 0.2)), NOW));
        assertEquals(0, store.items(dataset.id(), new ItemQuery(null, null, null, null)).total(), "staged, not visible");
        assertEquals(2, store.commitStaged(first.id()));
        store.finishJob(first.id(), ImportJob.ImportState.SUCCEEDED, 2, 0, null, NOW);

        ImportJob failed = store.insertJob(dataset.id(), "local", "alice", "server-a", NOW.plusSeconds(30), NOW);
        assertEquals(1, store.stage(dataset.id(), failed.id(), List.of(row("r1", "ok", 0.9), row("r3", "ok", 0.5)), NOW),
                "a key the dataset has is skipped");
        assertEquals(1, store.discardStaged(failed.id()));
        store.finishJob(failed.id(), ImportJob.ImportState.FAILED, 0, 0, "line 3: bad number", NOW);
        assertEquals(List.of("r2", "r1"), keys(store.items(dataset.id(), new ItemQuery(null, null, null, null)).items()));
        ImportJob stored = store.findJob(failed.id()).orElseThrow();
        assertEquals(ImportJob.ImportState.FAILED, stored.state());
        assertEquals("line 3: bad number", stored.error());
        assertEquals(2, store.findDataset(dataset.id()).orElseThrow().items());
    }

    @Test
    void importsOfAServerThatStoppedRenewingItsLeaseAreFailedByAnother() {
        Instant start = NOW.plusSeconds(86_400);
        store.abandonJobs(null, "left by other tests", start); // their leases ran out long before
        Dataset onA = dataset("held-by-a");
        Dataset onB = dataset("held-by-b");
        assertTrue(store.beginImport(onA.id(), start));
        assertTrue(store.beginImport(onB.id(), start));
        ImportJob jobA = store.insertJob(onA.id(), "local", "alice", "server-a", start.plusSeconds(30), start);
        ImportJob jobB = store.insertJob(onB.id(), "local", "alice", "server-b", start.plusSeconds(30), start);
        store.stage(onA.id(), jobA.id(), List.of(row("a1", "ok", 0.5)), start);
        store.stage(onB.id(), jobB.id(), List.of(row("b1", "ok", 0.5)), start);

        assertEquals(0, store.abandonJobs(null, "gone", start), "both servers hold their imports");
        assertEquals(1, store.abandonJobs("server-a", "server-a restarted", start),
                "a server starting again fails what its earlier life left, and only that");
        assertEquals(ImportJob.ImportState.FAILED, store.findJob(jobA.id()).orElseThrow().state());
        assertEquals("server-a restarted", store.findJob(jobA.id()).orElseThrow().error());
        assertEquals(DatasetState.AVAILABLE, store.findDataset(onA.id()).orElseThrow().state());
        assertEquals(ImportJob.ImportState.RUNNING, store.findJob(jobB.id()).orElseThrow().state());
        assertEquals(DatasetState.IMPORTING, store.findDataset(onB.id()).orElseThrow().state());

        assertTrue(store.requestCancel(jobB.id()), "a cancel from another replica is a flag for the owner");
        assertTrue(store.cancelRequested(jobB.id()));
        assertFalse(store.requestCancel(jobA.id()), "a failed import cannot be cancelled");

        assertEquals(1, store.renewJobLeases("server-b", start.plusSeconds(60)));
        assertEquals(0, store.abandonJobs(null, "gone", start.plusSeconds(45)), "renewed in time");
        assertEquals(1, store.abandonJobs(null, "server-b stopped", start.plusSeconds(61)));
        assertEquals(ImportJob.ImportState.FAILED, store.findJob(jobB.id()).orElseThrow().state());
        assertEquals(DatasetState.AVAILABLE, store.findDataset(onB.id()).orElseThrow().state());

        // server-b was only slow: what it does next cannot land on the failed import
        assertEquals(0, store.commitStaged(jobB.id()));
        store.finishJob(jobB.id(), ImportJob.ImportState.SUCCEEDED, 1, 0, null, start.plusSeconds(62));
        assertEquals(ImportJob.ImportState.FAILED, store.findJob(jobB.id()).orElseThrow().state());
        assertEquals(0, store.findDataset(onB.id()).orElseThrow().items());
        assertEquals(0, store.findDataset(onA.id()).orElseThrow().items());
    }

    @Test
    void itemsComeLowestConfidenceFirstAndFilter() {
        Dataset dataset = dataset("ordering");
        ImportJob job = store.insertJob(dataset.id(), "local", "alice", "server-a", NOW.plusSeconds(30), NOW);
        store.stage(dataset.id(), job.id(), List.of(row("x", "ok", 0.8), row("y", "ok", null), row("z", "bad", 0.1),
                row("w", "ok", 0.5)), NOW);
        store.commitStaged(job.id());
        assertEquals(List.of("z", "w", "x", "y"), keys(store.items(dataset.id(), new ItemQuery(null, null, null, null)).items()));
        assertEquals(List.of("w", "x"), keys(store.items(dataset.id(), new ItemQuery("ok", 0.3, 0.9, null)).items()));
        assertEquals(List.of("w"), keys(store.items(dataset.id(), new ItemQuery(null, null, null, new PageRequest(1, 1))).items()));
    }

    @Test
    void itemsFilterByTheSourceThatImportedThemAndTheEdgeThatSawThem() {
        Dataset dataset = dataset("provenance");
        ImportJob fromEdges = store.insertJob(dataset.id(), "edges", "alice", "server-a", NOW.plusSeconds(30), NOW);
        Instant seen = NOW.minusSeconds(3600);
        store.stage(dataset.id(), fromEdges.id(), List.of(
                new DataItem("e1", Map.of("a", "1", "b", "2"), null, null, "ok", 0.4, 7L, "v3", seen),
                new DataItem("e2", Map.of("a", "1", "b", "3"), null, null, "ok", 0.6, 8L, "v3", seen)), NOW);
        store.commitStaged(fromEdges.id());
        ImportJob fromPc = store.insertJob(dataset.id(), "local", "alice", "server-a", NOW.plusSeconds(30), NOW);
        store.stage(dataset.id(), fromPc.id(), List.of(row("l1", "bad", 0.5)), NOW);
        store.commitStaged(fromPc.id());

        assertEquals(List.of("e1", "e2"), keys(store.items(dataset.id(), new ItemQuery(null, null, null, "edges", null, null)).items()));
        assertEquals(List.of("l1"), keys(store.items(dataset.id(), new ItemQuery(null, null, null, "local", null, null)).items()));
        List<DatasetItem> fromEdge8 = store.items(dataset.id(), new ItemQuery(null, null, null, null, 8L, null)).items();
        assertEquals(List.of("e2"), keys(fromEdge8));
        DatasetItem item = store.findItem(fromEdge8.get(0).id()).orElseThrow();
        assertEquals("v3", item.modelVersion());
        assertEquals(seen, item.observedAt());
        assertEquals(8L, item.edgeId());
    }

    @Test
    void relabelingIsRecordedAndPublishedVersionsNeverChange() {
        Dataset dataset = dataset("versions");
        ImportJob job = store.insertJob(dataset.id(), "local", "alice", "server-a", NOW.plusSeconds(30), NOW);
        store.stage(dataset.id(), job.id(), List.of(row("p", "ok", 0.3), row("q", "ok", 0.4)), NOW);
        store.commitStaged(job.id());
        List<DatasetItem> items = store.items(dataset.id(), new ItemQuery(null, null, null, null)).items();
        long p = items.get(0).id();
        long q = items.get(1).id();
        DatasetVersion v1 = store.publish(dataset.id(), "alice", NOW);
        assertEquals(1, v1.number());
        assertEquals(2, v1.items());

        assertEquals(2, store.relabel(dataset.id(), List.of(q, p), "bad", "bob", NOW.plusSeconds(1)));
        assertEquals(0, store.relabel(dataset.id(), List.of(p), "bad", "bob", NOW), "already bad: no change recorded");
        assertEquals(1, store.history(p).size());
        assertEquals("ok", store.history(p).get(0).from());
        assertEquals("bad", store.history(p).get(0).to());
        assertEquals("bob", store.history(p).get(0).by());
        assertThrows(NotFoundException.class, () -> store.relabel(dataset.id(), List.of(p, 999_999L), "ok", "bob", NOW));

        DatasetVersion v2 = store.publish(dataset.id(), "bob", NOW);
        assertEquals(2, v2.number());
        List<String> v1Labels = new ArrayList<>();
        store.versionItems(v1.id(), item -> v1Labels.add(item.label()));
        List<String> v2Labels = new ArrayList<>();
        store.versionItems(v2.id(), item -> v2Labels.add(item.label()));
        assertEquals(List.of("ok", "ok"), v1Labels, "version 1 keeps the labels it was published with");
        assertEquals(List.of("bad", "bad"), v2Labels);
        assertEquals("ok", store.findVersionItem(v1.id(), "q").orElseThrow().label(), "found by key, as version 1 froze it");
        assertEquals("bad", store.findVersionItem(v2.id(), "q").orElseThrow().label());
        assertEquals(q, store.findVersionItem(v2.id(), "q").orElseThrow().id());
        assertTrue(store.findVersionItem(v1.id(), "nope").isEmpty());
        assertEquals(List.of(2, 1), store.versions(dataset.id()).stream().map(DatasetVersion::number).toList());
        assertEquals("ok", store.items(dataset.id(), new ItemQuery(null, null, null, null)).items().get(0).originalLabel());
    }
}
