package io.modelfleet.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.Page;
import io.modelfleet.api.dataset.Dataset;
import io.modelfleet.api.dataset.DatasetItem;
import io.modelfleet.api.dataset.DatasetState;
import io.modelfleet.api.dataset.DatasetVersion;
import io.modelfleet.api.dataset.ImportJob;
import io.modelfleet.api.dataset.ItemQuery;
import io.modelfleet.api.dataset.NewDataset;
import io.modelfleet.api.plugin.PluginDescriptor;
import io.modelfleet.api.security.AuditEntry;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.api.security.AuditQuery;
import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.source.DataItem;
import io.modelfleet.storage.internal.FileSystemArtifactStore;
import io.modelfleet.api.spi.source.DataSource;
import io.modelfleet.api.spi.source.ImportContext;
import io.modelfleet.api.spi.source.ImportRequest;
import io.modelfleet.api.spi.source.ImportSummary;
import io.modelfleet.api.spi.source.UploadedFile;
import io.modelfleet.persistence.internal.MyBatisAuditStore;
import io.modelfleet.persistence.internal.MyBatisDatasetStore;
import io.modelfleet.persistence.testing.TestDatabase;
import io.modelfleet.plugin.source.local.internal.LocalDataSource;
import io.modelfleet.plugin.source.local.internal.LocalSourceConfiguration;

/** Datasets on MariaDB with the real CSV source: imports, failed imports, cancellation, relabeling, versions. */
class DatasetServiceTest {
    @TempDir
    Path dir;
    private TestDatabase db;
    private MyBatisDatasetStore store;
    private DatasetServiceImpl datasets;
    private PluginRegistryImpl plugins;
    private FileSystemArtifactStore blobs;

    static final LocalSourceConfiguration LOCAL = new LocalSourceConfiguration() {
        @Override
        public Class<? extends Annotation> annotationType() {
            return LocalSourceConfiguration.class;
        }

        @Override
        public String id() {
            return "local";
        }

        @Override
        public long maxFileBytes() {
            return 1 << 24;
        }

        @Override
        public long maxRows() {
            return 1_000_000;
        }

        @Override
        public int maxLineChars() {
            return 10_000;
        }

        @Override
        public int maxZipEntries() {
            return 1000;
        }

        @Override
        public long maxUncompressedBytes() {
            return 1 << 26;
        }

        @Override
        public int maxCompressionRatio() {
            return 200;
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabase.create();
        MyBatisAuditStore auditStore = new MyBatisAuditStore(db.database());
        AuditLog audit = TestSupport.audit(auditStore, java.time.Clock.systemUTC());
        store = new MyBatisDatasetStore(db.database());
        blobs = new FileSystemArtifactStore(dir.resolve("blobs"));
        plugins = new PluginRegistryImpl();
        plugins.bindDataSource(new LocalDataSource(LOCAL), Delivery.reference());
        datasets = new DatasetServiceImpl(store, blobs, audit, plugins, java.time.Clock.systemUTC());
    }

    @AfterEach
    void tearDown() throws Exception {
        datasets.deactivate();
        db.close();
    }

    private Dataset tabular(String name) {
        return datasets.create(new NewDataset(name, null, DatasetKind.TABULAR, List.of("x", "y"), List.of("ok", "bad")), "alice");
    }

    private ImportJob importCsv(Dataset dataset, String csv) throws Exception {
        Path file = Files.writeString(dir.resolve("upload-" + System.nanoTime() + ".csv"), csv);
        ImportJob job = datasets.startImport(dataset.id(), "local",
                Map.of(), upload(file), "alice");
        return awaitEnd(job.id());
    }

    static UploadedFile upload(Path file) throws java.io.IOException {
        return new UploadedFile(file.getFileName().toString(), file, Files.size(file), null);
    }

    private ImportJob awaitEnd(long jobId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            ImportJob job = datasets.job(jobId);
            if (job.state() != ImportJob.ImportState.RUNNING) {
                return job;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("import " + jobId + " did not end");
    }

    @Test
    void aCsvImportsAndAFailedImportLeavesTheDatasetAsItWas() throws Exception {
        Dataset dataset = tabular("parts");
        ImportJob ok = importCsv(dataset, "x,y,label\n1,2,ok\n3,4,bad\n5,6,ok\n");
        assertEquals(ImportJob.ImportState.SUCCEEDED, ok.state());
        assertEquals(3, ok.imported());
        assertEquals(3, datasets.get(dataset.id()).items());
        assertEquals(DatasetState.AVAILABLE, datasets.get(dataset.id()).state());

        ImportJob unknownColumn = importCsv(dataset, "x,z,label\n7,8,ok\n");
        assertEquals(ImportJob.ImportState.FAILED, unknownColumn.state());
        assertTrue(unknownColumn.error().contains("line 2") && unknownColumn.error().contains("'z'"), unknownColumn.error());
        ImportJob badLabel = importCsv(dataset, "x,y,label\n7,8,ok\n9,9,cat\n");
        assertEquals(ImportJob.ImportState.FAILED, badLabel.state());
        assertTrue(badLabel.error().contains("line 3") && badLabel.error().contains("cat"), badLabel.error());
        ImportJob malformed = importCsv(dataset, "x,y,label\n7,8\n");
        assertEquals(ImportJob.ImportState.FAILED, malformed.state());
        assertEquals(3, datasets.get(dataset.id()).items(), "no failed import added anything");
        assertEquals(0, ok.skipped());

        ImportJob again = importCsv(dataset, "x,y,label\n1,2,ok\n11,12,bad\n");
        assertEquals(1, again.imported(), "the row imported before is skipped");
        assertEquals(1, again.skipped());
        try (var files = Files.list(dir).filter(f -> !f.endsWith("blobs"))) {
            assertEquals(0, files.count(), "uploads the platform owned are deleted when their import ends");
        }
    }

    @Test
    void aCancelledImportAddsNothing() throws Exception {
        Dataset dataset = tabular("cancelled");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        plugins.bindDataSource(new DataSource() {
            @Override
            public PluginDescriptor descriptor() {
                return new PluginDescriptor("slow", "Slow", "1.0.0", null);
            }

            @Override
            public String importOptionsSchema() {
                return "{\"type\": \"object\", \"properties\": {}, \"additionalProperties\": false}";
            }

            @Override
            public ImportSummary importItems(ImportRequest request, ImportContext context) throws Exception {
                for (int i = 0; i < 2000 && !context.cancelled(); i++) {
                    context.accept(new DataItem("k" + i, Map.of("x", "1", "y", "2"), null, null, "ok", 0.5));
                    if (i == 1000) {
                        started.countDown();
                        release.await();
                    }
                }
                return new ImportSummary(2000, 0, List.of());
            }
        }, Delivery.reference());
        ImportJob job = datasets.startImport(dataset.id(), "slow", Map.of(), "alice");
        started.await();
        assertEquals(DatasetState.IMPORTING, datasets.get(dataset.id()).state());
        assertThrows(ConflictException.class, () -> datasets.startImport(dataset.id(), "slow", Map.of(), "alice"),
                "one import at a time");
        assertThrows(ConflictException.class, () -> datasets.publish(dataset.id(), "alice"));
        datasets.cancel(job.id(), "alice");
        release.countDown();
        ImportJob ended = awaitEnd(job.id());
        assertEquals(ImportJob.ImportState.CANCELLED, ended.state());
        assertEquals(0, datasets.get(dataset.id()).items());
        assertEquals(DatasetState.AVAILABLE, datasets.get(dataset.id()).state());
        assertThrows(ConflictException.class, () -> datasets.cancel(job.id(), "alice"));
    }

    @Test
    void relabelPublishAndExportVersions() throws Exception {
        Dataset dataset = tabular("labelled");
        importCsv(dataset, "x,y,label\n1,\"2,5\",ok\n3,4,ok\n");
        Page<DatasetItem> items = datasets.items(dataset.id(), new ItemQuery(null, null, null, null));
        DatasetVersion v1 = datasets.publish(dataset.id(), "alice");
        assertEquals(1, datasets.relabel(dataset.id(), List.of(items.items().get(0).id()), "bad", "bob"));
        assertThrows(InvalidInputException.class,
                () -> datasets.relabel(dataset.id(), List.of(items.items().get(0).id()), "cat", "bob"));
        DatasetVersion v2 = datasets.publish(dataset.id(), "bob");
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        datasets.exportCsv(v1.id(), first);
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        datasets.exportCsv(v2.id(), second);
        assertEquals("x,y,label\r\n1,\"2,5\",ok\r\n3,4,ok\r\n", first.toString(StandardCharsets.UTF_8));
        assertEquals("x,y,label\r\n1,\"2,5\",bad\r\n3,4,ok\r\n", second.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(2, 1), datasets.versions(dataset.id()).stream().map(DatasetVersion::number).toList());
        assertEquals("bob", datasets.history(items.items().get(0).id()).get(0).by());
        java.util.List<Long> withNull = new java.util.ArrayList<>(java.util.Arrays.asList(items.items().get(0).id(), null));
        assertEquals(Map.of("itemIds", "no null ids"), assertThrows(InvalidInputException.class,
                () -> datasets.relabel(dataset.id(), withNull, "ok", "bob")).fields(), "a 400, not a 500");
    }

    @Test
    void spreadsheetExportsNeutraliseFormulasAndExactExportsKeepThem() throws Exception {
        Dataset dataset = datasets.create(new NewDataset("formulas", null, DatasetKind.TABULAR, List.of("x", "y"),
                List.of()), "alice");
        importCsv(dataset, "x,y,label\n\"=HYPERLINK(\"\"http://evil\"\")\",-1.5,@SUM(A1)\n+cmd,\"\tTAB\",-\n1e3,-x,ok\n");
        DatasetVersion v1 = datasets.publish(dataset.id(), "alice");
        ByteArrayOutputStream people = new ByteArrayOutputStream();
        datasets.exportCsvForSpreadsheets(v1.id(), people);
        assertEquals("x,y,label\r\n\"'=HYPERLINK(\"\"http://evil\"\")\",-1.5,'@SUM(A1)\r\n'+cmd,'\tTAB,'-\r\n"
                + "1e3,'-x,ok\r\n", people.toString(StandardCharsets.UTF_8), "numbers such as -1.5 stay numbers");
        ByteArrayOutputStream programs = new ByteArrayOutputStream();
        datasets.exportCsv(v1.id(), programs);
        assertEquals("x,y,label\r\n\"=HYPERLINK(\"\"http://evil\"\")\",-1.5,@SUM(A1)\r\n+cmd,\tTAB,-\r\n1e3,-x,ok\r\n",
                programs.toString(StandardCharsets.UTF_8));
    }

    @Test
    void controlCharactersAreRefusedOnImportAndNothingIsStored() throws Exception {
        Dataset dataset = tabular("controls");
        for (String csv : List.of("x,y,label\n1,a\u0000b,ok\n", "x,y,label\n1,2,o\u0007k\n", "x,y,label\n\u001b[31m,2,ok\n")) {
            ImportJob job = importCsv(dataset, csv);
            assertEquals(ImportJob.ImportState.FAILED, job.state(), csv);
            assertTrue(job.error().contains("control character U+00"), job.error());
        }
        assertEquals(0, datasets.get(dataset.id()).items(), "nothing stored");
        assertEquals(ImportJob.ImportState.SUCCEEDED, importCsv(dataset, "x,y,label\n\"multi\nline\",\"a\tb\",ok\n").state(),
                "tabs and line breaks inside cells are text");
    }

    @Test
    void aBadOptionIsRefusedBeforeAnythingIsStoredAndTheDatasetStaysUsable() throws Exception {
        Dataset dataset = tabular("options");
        Path file = Files.writeString(dir.resolve("options.csv"), "x,y,label\n1,2,ok\n");
        InvalidInputException bad = assertThrows(InvalidInputException.class, () -> datasets.startImport(dataset.id(),
                "local", Map.of("format", "parquet", "prefix", "x/"), upload(file), "alice"));
        assertEquals(Map.of("options.format", "must be one of csv, zip", "options.prefix",
                "is not an option of this source"), bad.fields(), bad.detail());
        assertTrue(bad.detail().startsWith("invalid import options: "), bad.detail());
        InvalidInputException noFile = assertThrows(InvalidInputException.class,
                () -> datasets.startImport(dataset.id(), "local", Map.of(), "alice"));
        assertEquals(Map.of("file", "required by this source"), noFile.fields());
        InvalidInputException noSource = assertThrows(InvalidInputException.class,
                () -> datasets.startImport(dataset.id(), "nowhere", Map.of(), "alice"));
        assertEquals(Map.of("source", "no such data source installed"), noSource.fields());
        assertEquals(DatasetState.AVAILABLE, datasets.get(dataset.id()).state(), "no import left IMPORTING");
        assertTrue(Files.exists(file), "a refused upload is the caller's to delete");
        assertEquals(ImportJob.ImportState.SUCCEEDED, importCsv(dataset, "x,y,label\n1,2,ok\n").state());
    }

    @Test
    void optionsGivenAsTextReachTheSourceTypedByItsSchemaWithDefaults() throws Exception {
        Dataset dataset = tabular("typed");
        java.util.concurrent.atomic.AtomicReference<ImportRequest> seen = new java.util.concurrent.atomic.AtomicReference<>();
        plugins.bindDataSource(new DataSource() {
            @Override
            public PluginDescriptor descriptor() {
                return new PluginDescriptor("typed", "Typed", "1.0.0", null);
            }

            @Override
            public String importOptionsSchema() {
                return """
                        {"type": "object", "additionalProperties": false, "required": ["count"], "properties": {
                          "count": {"type": "integer", "minimum": 1}, "ratio": {"type": "number"},
                          "strict": {"type": "boolean", "default": true}, "name": {"type": "string", "default": "n"}}}""";
            }

            @Override
            public ImportSummary importItems(ImportRequest request, ImportContext context) {
                seen.set(request);
                context.accept(new DataItem("k", Map.of("x", "1", "y", "2"), null, null, "ok", null));
                return new ImportSummary(1, 0, List.of());
            }
        }, Delivery.reference());
        assertTrue(datasets.sources().contains("typed"), "sources are the registry's");
        ImportJob job = awaitEnd(datasets.startImport(dataset.id(), "typed",
                Map.of("count", "5", "ratio", "0.5", "strict", "false"), "alice").id());
        assertEquals(ImportJob.ImportState.SUCCEEDED, job.state(), String.valueOf(job.error()));
        assertEquals(Map.of("count", 5L, "ratio", 0.5, "strict", false, "name", "n"), seen.get().options());
        assertTrue(seen.get().upload().isEmpty());
        InvalidInputException bad = assertThrows(InvalidInputException.class,
                () -> datasets.startImport(dataset.id(), "typed", Map.of("count", "many"), "alice"));
        assertEquals(Map.of("options.count", "must be a whole number"), bad.fields());
        InvalidInputException missing = assertThrows(InvalidInputException.class,
                () -> datasets.startImport(dataset.id(), "typed", Map.of(), "alice"));
        assertEquals(Map.of("options.count", "is required"), missing.fields());
        Path file = Files.writeString(dir.resolve("unwanted.csv"), "x\n");
        InvalidInputException unwanted = assertThrows(InvalidInputException.class,
                () -> datasets.startImport(dataset.id(), "typed", Map.of("count", 1), upload(file), "alice"));
        assertEquals(Map.of("file", "not taken by this source"), unwanted.fields());
    }

    @Test
    void aFailedImportTellsTheReasonWithoutJavaClassNames() throws Exception {
        Dataset dataset = tabular("too-big");
        Path big = dir.resolve("big-" + System.nanoTime() + ".csv");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(LOCAL.maxFileBytes() + 1); // sparse: only its size matters
        }
        ImportJob tooBig = awaitEnd(datasets.startImport(dataset.id(), "local",
                Map.of(), upload(big),
                "alice").id());
        assertEquals(ImportJob.ImportState.FAILED, tooBig.state());
        assertEquals("the file is " + (LOCAL.maxFileBytes() + 1) + " bytes; the limit is " + LOCAL.maxFileBytes(), tooBig.error());
    }

    @Test
    void importsAStoppedServerLeftRunningFailOnTheNextStart() throws Exception {
        Dataset dataset = tabular("interrupted");
        Instant now = Instant.now();
        ImportJob job = store.insertJob(dataset.id(), "local", "alice", TrainingCoordinator.defaultNodeId(),
                now.plusSeconds(30), now);
        store.setState(dataset.id(), DatasetState.IMPORTING, now);
        // another replica's imports: one it still holds, one whose lease ran out (that replica died)
        Dataset held = tabular("held-by-another");
        ImportJob heldJob = store.insertJob(held.id(), "local", "alice", "another-replica", now.plusSeconds(60), now);
        store.setState(held.id(), DatasetState.IMPORTING, now);
        Dataset orphaned = tabular("orphaned");
        ImportJob orphanedJob = store.insertJob(orphaned.id(), "local", "alice", "dead-replica", now.minusSeconds(1), now);
        store.setState(orphaned.id(), DatasetState.IMPORTING, now);
        store.stage(dataset.id(), job.id(), List.of(new DataItem("a", Map.of("x", "1", "y", "1"), null, null, "ok", null)),
                Instant.now());
        DatasetServiceImpl restarted = new DatasetServiceImpl(store, blobs, new AuditLog() {
            @Override
            public void record(String actor, String action, String targetType, String targetId, String detail) {
            }

            @Override
            public io.modelfleet.api.Page<AuditEntry> query(AuditQuery query) {
                throw new UnsupportedOperationException();
            }
        }, new PluginRegistryImpl());
        try {
            ImportJob failed = restarted.job(job.id());
            assertEquals(ImportJob.ImportState.FAILED, failed.state());
            assertTrue(failed.error().contains("server stopped"));
            assertEquals(DatasetState.AVAILABLE, restarted.get(dataset.id()).state());
            assertEquals(0, restarted.get(dataset.id()).items());
            assertFalse(restarted.sources().contains("local"), "sources are tracked per service instance");
            assertEquals(ImportJob.ImportState.FAILED, restarted.job(orphanedJob.id()).state());
            assertEquals(DatasetState.AVAILABLE, restarted.get(orphaned.id()).state());
            assertEquals(ImportJob.ImportState.RUNNING, restarted.job(heldJob.id()).state(),
                    "a replica starting leaves the imports other replicas hold alone");
            assertEquals(DatasetState.IMPORTING, restarted.get(held.id()).state());
            restarted.cancel(heldJob.id(), "alice");
            assertTrue(store.cancelRequested(heldJob.id()), "the cancel waits for the replica running the import");
            store.finishJob(heldJob.id(), ImportJob.ImportState.CANCELLED, 0, 0, null, Instant.now());
            store.setState(held.id(), DatasetState.AVAILABLE, Instant.now());
        } finally {
            restarted.deactivate();
        }
    }

    private static byte[] image(String format, int width, int height) throws java.io.IOException {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0x336699);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    @Test
    void aZipOfClassFoldersFillsAFilesDatasetWhoseImagesCanBeReadBackAndABombChangesNothing() throws Exception {
        Dataset pets = datasets.create(new NewDataset("pets", null, DatasetKind.FILES, List.of(), List.of("cat", "dog")), "alice");
        byte[] cat = image("png", 3, 2);
        byte[] dog = image("jpeg", 4, 4);
        ImportJob broken = importZip(pets, Map.of("cat/1.png", cat, "dog/1.jpg", java.util.Arrays.copyOf(dog, 10)));
        assertEquals(ImportJob.ImportState.FAILED, broken.state());
        assertTrue(broken.error().contains("dog/1.jpg") && broken.error().contains("damaged or cut short"), broken.error());
        ImportJob ok = importZip(pets, Map.of("cat/1.png", cat, "dog/1.JPG", dog));
        assertEquals(ImportJob.ImportState.SUCCEEDED, ok.state(), ok.error());
        List<DatasetItem> items = datasets.items(pets.id(), new ItemQuery(null, null, null, null)).items();
        assertEquals(2, items.size());
        DatasetItem catItem = items.stream().filter(i -> i.label().equals("cat")).findFirst().orElseThrow();
        try (io.modelfleet.api.dataset.ItemContent content = datasets.content(catItem.id())) {
            assertEquals("image/png", content.mediaType());
            assertArrayEquals(cat, content.data().readAllBytes());
        }
        DatasetItem dogItem = items.stream().filter(i -> i.label().equals("dog")).findFirst().orElseThrow();
        assertEquals("image/jpeg", datasets.content(dogItem.id()).mediaType());

        ImportJob bomb = importZip(pets, Map.of("cat/2.png", cat, "cat/zeros.png", new byte[16 * 1024 * 1024]));
        assertEquals(ImportJob.ImportState.FAILED, bomb.state());
        assertTrue(bomb.error().contains("entry 'cat/zeros.png' expands more than 200 times"), bomb.error());
        ImportJob unknownLabel = importZip(pets, Map.of("bird/1.png", cat));
        assertEquals(ImportJob.ImportState.FAILED, unknownLabel.state());
        assertTrue(unknownLabel.error().contains("entry 'bird/1.png'") && unknownLabel.error().contains("label 'bird'"),
                unknownLabel.error());
        assertEquals(2, datasets.items(pets.id(), new ItemQuery(null, null, null, null)).total(), "failed imports add nothing");

        Dataset table = tabular("not-files");
        ImportJob wrongKind = importZip(table, Map.of("ok/1.png", cat));
        assertEquals(ImportJob.ImportState.FAILED, wrongKind.state());
        assertTrue(wrongKind.error().contains("is TABULAR"), wrongKind.error());
    }

    private ImportJob importZip(Dataset dataset, Map<String, byte[]> entries) throws Exception {
        Path file = dir.resolve("upload-" + System.nanoTime() + ".zip");
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> entry : new java.util.TreeMap<>(entries).entrySet()) {
                out.putNextEntry(new java.util.zip.ZipEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        ImportJob job = datasets.startImport(dataset.id(), "local",
                Map.of(), upload(file), "alice");
        return awaitEnd(job.id());
    }
}
