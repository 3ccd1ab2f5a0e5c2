package io.modelfleet.core.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.image.ImageLimits;
import io.modelfleet.api.image.ImageRejectedException;
import io.modelfleet.api.image.Images;
import io.modelfleet.api.ModelFleetException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.Page;
import io.modelfleet.api.Validation;
import io.modelfleet.api.dataset.Dataset;
import io.modelfleet.api.dataset.DatasetItem;
import io.modelfleet.api.dataset.DatasetService;
import io.modelfleet.api.dataset.DatasetState;
import io.modelfleet.api.dataset.DatasetVersion;
import io.modelfleet.api.dataset.ImportJob;
import io.modelfleet.api.dataset.ItemContent;
import io.modelfleet.api.dataset.ItemQuery;
import io.modelfleet.api.dataset.LabelChange;
import io.modelfleet.api.dataset.NewDataset;
import io.modelfleet.api.plugin.PluginInfo;
import io.modelfleet.api.plugin.PluginKind;
import io.modelfleet.api.plugin.PluginRegistry;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.source.DataItem;
import io.modelfleet.api.spi.source.DataSource;
import io.modelfleet.api.spi.source.ImportContext;
import io.modelfleet.api.spi.source.ImportRequest;
import io.modelfleet.api.spi.source.ImportSummary;
import io.modelfleet.api.spi.source.UploadedFile;
import io.modelfleet.api.spi.storage.ArtifactStore;
import io.modelfleet.api.support.csv.CsvWriter;
import io.modelfleet.persistence.DatasetStore;

/**
 * Datasets and their imports. An import runs in a bounded worker pool: the data source streams items in, each is
 * checked against the dataset's schema, and they are staged in batches; only when the source finished without error
 * (and nobody cancelled) do the staged items join the dataset, in one statement. Anything else discards them, so a
 * failed import leaves the dataset as it was, with the reason on the job.
 */
@Component(service = DatasetService.class)
public final class DatasetServiceImpl implements DatasetService {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetServiceImpl.class);
    static final int STAGE_BATCH = 500;
    static final int MAX_RELABEL = 10_000;
    static final int IMPORT_WORKERS = 2;
    /** How long an import survives its server's silence before another server fails it. */
    static final Duration LEASE = Duration.ofSeconds(30);
    static final Duration RENEW_EVERY = Duration.ofSeconds(10);

    /** Item files live in the blob store by content hash, so the same image imported twice is stored once. */
    static final String CONTENT_PREFIX = "datasets/content/";
    private static final Map<String, String> MEDIA_TYPES = Map.of("png", "image/png", "jpg", "image/jpeg",
            "jpeg", "image/jpeg", "gif", "image/gif", "webp", "image/webp", "bmp", "image/bmp", "txt", "text/plain",
            "json", "application/json", "wav", "audio/wav", "csv", "text/csv");

    private final DatasetStore store;
    private final ArtifactStore blobs;
    private final AuditLog audit;
    private final Clock clock;
    private final ExecutorService workers;
    /** The one tracker of data source services (dynamic, by instance id); this service keeps no map of its own. */
    private final PluginRegistry plugins;
    private final Map<Long, AtomicBoolean> running = new ConcurrentHashMap<>();
    private final String owner;
    private final Duration lease;
    private final ScheduledExecutorService leases;
    /** Told after a deletion so that the dataset's rows and files go soon; optional (it runs on its own, too). */
    @org.osgi.service.component.annotations.Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    volatile ArtifactCollector collector;

    /**
     * Imports run in the memory of the server that started them, which holds each with a lease in the database
     * ({@code import_job.owner}, {@code lease_until}) renewed every {@link #RENEW_EVERY}. Every server fails imports
     * whose lease ran out (their server died: they can never finish) and, when it starts, the ones its own earlier life
     * left; imports other replicas run are left alone.
     */
    @Activate
    public DatasetServiceImpl(@Reference DatasetStore store, @Reference ArtifactStore blobs, @Reference AuditLog audit,
            @Reference PluginRegistry plugins) {
        this(store, blobs, audit, plugins, Clock.systemUTC(), TrainingCoordinator.defaultNodeId(), LEASE);
        int abandoned = store.abandonJobs(owner, "the server stopped during the import; start it again", clock.instant());
        if (abandoned > 0) {
            LOG.warn("{} import(s) interrupted by the last shutdown were marked FAILED", abandoned);
        }
        startLeaseKeeping(RENEW_EVERY);
    }

    DatasetServiceImpl(DatasetStore store, ArtifactStore blobs, AuditLog audit, PluginRegistry plugins, Clock clock) {
        this(store, blobs, audit, plugins, clock, TrainingCoordinator.defaultNodeId(), LEASE);
    }

    DatasetServiceImpl(DatasetStore store, ArtifactStore blobs, AuditLog audit, PluginRegistry plugins, Clock clock,
            String owner, Duration lease) {
        this.store = store;
        this.plugins = plugins;
        this.blobs = blobs;
        this.audit = audit;
        this.clock = clock;
        this.owner = owner;
        this.lease = lease;
        this.workers = Executors.newFixedThreadPool(IMPORT_WORKERS, r -> {
            Thread thread = new Thread(r, "modelfleet-dataset-import");
            thread.setDaemon(true);
            return thread;
        });
        this.leases = Daemons.scheduler("modelfleet-import-leases");
    }

    /** Renews this server's leases and fails the imports of servers that stopped renewing theirs. */
    void startLeaseKeeping(Duration every) {
        leases.scheduleWithFixedDelay(this::keepLeases, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    void keepLeases() {
        try {
            Instant now = clock.instant();
            if (!running.isEmpty()) {
                store.renewJobLeases(owner, now.plus(lease));
            }
            int abandoned = store.abandonJobs(null, "the server running the import stopped; start it again", now);
            if (abandoned > 0) {
                LOG.warn("{} import(s) of a server that stopped renewing its lease were marked FAILED", abandoned);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not renew import leases: {}", e.toString());
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        leases.shutdownNow();
        running.values().forEach(flag -> flag.set(true));
        workers.shutdown();
        workers.awaitTermination(30, TimeUnit.SECONDS);
    }

    @Override
    public Dataset create(NewDataset dataset, String actor) {
        Dataset created = store.insertDataset(dataset, actor, clock.instant());
        audit.record(actor, "dataset.create", "dataset", Long.toString(created.id()), created.name());
        return created;
    }

    @Override
    public List<Dataset> list() {
        return store.listDatasets();
    }

    /** Deleted datasets are gone for their readers: 404, as for ids that never existed. */
    @Override
    public Dataset get(long datasetId) {
        return store.findDataset(datasetId).filter(dataset -> dataset.state() != DatasetState.DELETED)
                .orElseThrow(() -> new NotFoundException("dataset " + datasetId + " does not exist"));
    }

    /** A dataset about to change: 409 when it was deleted, so the caller learns why nothing happens. */
    private Dataset live(long datasetId, String what) {
        Dataset dataset = store.findDataset(datasetId)
                .orElseThrow(() -> new NotFoundException("dataset " + datasetId + " does not exist"));
        if (dataset.state() == DatasetState.DELETED) {
            throw new ConflictException("dataset " + dataset.name() + " (" + datasetId + ") was deleted; it takes no "
                    + what);
        }
        return dataset;
    }

    @Override
    public Dataset changeable(long datasetId) {
        return live(datasetId, "imports or versions");
    }

    @Override
    public void delete(long datasetId, String actor) {
        Dataset deleted = store.markDeleted(datasetId, clock.instant());
        audit.record(actor, "dataset.delete", "dataset", Long.toString(datasetId), deleted.name() + " with "
                + deleted.items() + " item(s) and " + deleted.versions() + " version(s)");
        ArtifactCollector gc = collector;
        if (gc != null) {
            gc.collectSoon();
        }
    }

    @Override
    public List<String> sources() {
        return plugins.plugins(PluginKind.DATA_SOURCE).stream().map(PluginInfo::id).sorted().toList();
    }

    @Override
    public ImportJob startImport(long datasetId, String sourceId, Map<String, ?> options, UploadedFile upload,
            String actor) {
        Dataset dataset = live(datasetId, "imports");
        DataSource source = sourceId == null ? null : plugins.dataSource(sourceId).orElse(null);
        if (source == null) {
            throw new InvalidInputException("no data source '" + sourceId + "' is installed (installed: " + sources() + ")",
                    Map.of("source", "no such data source installed"));
        }
        boolean takesUpload = source.acceptsUpload();
        if (takesUpload && upload == null) {
            throw new InvalidInputException("data source '" + sourceId + "' imports an uploaded file: upload it to "
                    + "datasets/{id}/uploads", Map.of("file", "required by this source"));
        }
        if (!takesUpload && upload != null) {
            throw new InvalidInputException("data source '" + sourceId + "' takes no uploaded file; its options say "
                    + "what to import", Map.of("file", "not taken by this source"));
        }
        // checked before anything is stored: a bad option is the caller's 400, not an import that never ends
        Map<String, Object> checked = ImportOptions.check(source.importOptionsSchema(), options);
        // claimed in one statement, so of two concurrent imports one gets the 409
        if (!store.beginImport(datasetId, clock.instant())) {
            live(datasetId, "imports");
            throw new ConflictException("dataset " + dataset.name() + " is importing already; wait or cancel that import");
        }
        Instant now = clock.instant();
        ImportJob job = store.insertJob(datasetId, sourceId, actor, owner, now.plus(lease), now);
        AtomicBoolean cancelled = new AtomicBoolean();
        running.put(job.id(), cancelled);
        audit.record(actor, "dataset.import", "dataset", Long.toString(datasetId), "job " + job.id() + " from " + sourceId);
        ImportRequest request = new ImportRequest(checked, java.util.Optional.ofNullable(upload));
        workers.execute(() -> run(dataset, job, source, request, cancelled));
        return job;
    }

    private void run(Dataset dataset, ImportJob job, DataSource source, ImportRequest request,
            AtomicBoolean cancelled) {
        Staging staging = new Staging(dataset, job.id(), cancelled);
        ImportJob.ImportState outcome;
        String error = null;
        try {
            ImportSummary summary = source.importItems(request, staging);
            staging.flush();
            if (cancelled.get()) {
                outcome = ImportJob.ImportState.CANCELLED;
            } else {
                staging.imported = store.commitStaged(job.id());
                outcome = ImportJob.ImportState.SUCCEEDED;
                staging.skipped += summary.skipped();
            }
        } catch (Exception | LinkageError e) {
            outcome = cancelled.get() ? ImportJob.ImportState.CANCELLED : ImportJob.ImportState.FAILED;
            // what the operator reads on the job: the reason, without Java class names where there is one
            error = e instanceof ModelFleetException known ? known.detail()
                    : e instanceof IllegalArgumentException || e instanceof UncheckedIOException ? e.getMessage()
                    : e.toString();
            LOG.info("Import {} into {} {}: {}", job.id(), dataset.name(), outcome, error);
        } finally {
            running.remove(job.id());
            request.upload().ifPresent(DatasetServiceImpl::deleteUpload);
        }
        if (outcome != ImportJob.ImportState.SUCCEEDED) {
            store.discardStaged(job.id());
            staging.imported = 0;
        }
        // the dataset is free again before the job reads as ended, so whoever saw the end can import again
        store.setState(dataset.id(), DatasetState.AVAILABLE, clock.instant());
        store.finishJob(job.id(), outcome, staging.imported, staging.skipped, clip(error), clock.instant());
    }

    /** The platform created the upload for this import, so it goes when the import ends, whatever the outcome. */
    private static void deleteUpload(UploadedFile upload) {
        try {
            Files.deleteIfExists(upload.path());
        } catch (IOException e) {
            LOG.warn("Cannot delete upload {}: {}", upload.path(), e.toString());
        }
    }

    private static String clip(String text) {
        return text == null || text.length() <= 4000 ? text : text.substring(0, 4000) + "...";
    }

    /** Checks items against the schema and stages them in batches; progress goes to the job row now and then. */
    /** File names the platform decodes as images (training, the edge): checked when stored. */
    static final java.util.Set<String> IMAGE_EXTENSIONS = java.util.Set.of("png", "jpg", "jpeg", "bmp", "gif");

    private final class Staging implements ImportContext {
        private final Dataset dataset;
        private final long jobId;
        private final AtomicBoolean cancelled;
        private final Set<String> columns;
        private final Set<String> labels;
        private final List<DataItem> batch = new ArrayList<>(STAGE_BATCH);
        private long lastProgressNanos;
        long accepted;
        long imported;
        long skipped;

        Staging(Dataset dataset, long jobId, AtomicBoolean cancelled) {
            this.dataset = dataset;
            this.jobId = jobId;
            this.cancelled = cancelled;
            this.columns = new HashSet<>(dataset.columns());
            this.labels = new HashSet<>(dataset.labels());
        }

        @Override
        public void accept(DataItem item) {
            Validation.required("item key", item.key(), 512);
            refuseControlCharacters(item);
            if (dataset.kind() == DatasetKind.TABULAR) {
                if (item.fields().isEmpty() && item.contentRef() != null) {
                    throw new InvalidInputException("item " + item.key() + " is a file; dataset " + dataset.name()
                            + " is TABULAR and takes CSV rows with the columns " + dataset.columns());
                }
                for (String field : item.fields().keySet()) {
                    if (!columns.contains(field)) {
                        throw new InvalidInputException("item " + item.key() + " has the column '" + field
                                + "', which dataset " + dataset.name() + " does not have (columns: " + dataset.columns() + ")");
                    }
                }
                if (item.fields().size() != columns.size()) {
                    throw new InvalidInputException("item " + item.key() + " lacks columns: it has " + item.fields().keySet()
                            + ", the dataset needs " + dataset.columns());
                }
            } else if (item.contentRef() == null) {
                throw new InvalidInputException("item " + item.key() + " has no content; a FILES dataset needs one per item");
            }
            if (item.label() != null && !labels.isEmpty() && !labels.contains(item.label())) {
                throw new InvalidInputException("item " + item.key() + " has the label '" + item.label()
                        + "', which is not in the dataset's label set " + dataset.labels());
            }
            Validation.optional("label", item.label(), 256);
            batch.add(item);
            accepted++;
            if (batch.size() == STAGE_BATCH) {
                flush();
            }
        }

        /** NUL and other control characters have no place in a cell or label (tab and line breaks have). */
        private void refuseControlCharacters(DataItem item) {
            String where = "item " + (item.key().length() > 64 ? item.key().substring(0, 64) + "..." : item.key());
            checkText(where + " key", item.key());
            checkText(where + " label", item.label());
            item.fields().forEach((column, value) -> checkText(where + " column '" + column + "'", value));
        }

        private static void checkText(String what, String text) {
            if (text == null) {
                return;
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                    throw new InvalidInputException(what + " holds the control character U+"
                            + String.format("%04X", (int) c) + " at position " + (i + 1));
                }
            }
        }

        void flush() {
            if (!batch.isEmpty()) {
                int staged = store.stage(dataset.id(), jobId, List.copyOf(batch), clock.instant());
                skipped += batch.size() - staged;
                batch.clear();
            }
        }

        @Override
        public DatasetKind datasetKind() {
            return dataset.kind();
        }

        @Override
        public List<String> datasetColumns() {
            return dataset.columns();
        }

        /**
         * A file named as an image must be one that training and the edge can decode, within the limits they use: a
         * damaged, truncated, empty or oversized image (a decompression bomb declares a huge size in a small file)
         * fails the import with the reason, before anything is stored.
         */
        private void checkImage(String fileName, Path file) throws IOException {
            if (Files.size(file) > ImageLimits.DEFAULT.maxBytes()) {
                throw new InvalidInputException(fileName + " is larger than the " + ImageLimits.DEFAULT.maxBytes()
                        + " bytes an image may have");
            }
            try {
                Images.decode(Files.readAllBytes(file), ImageLimits.DEFAULT);
            } catch (ImageRejectedException e) {
                throw new InvalidInputException(fileName + ": " + e.detail());
            }
        }

        @Override
        public String storeContent(String fileName, InputStream content) throws IOException {
            String extension = extension(fileName);
            Path temporary = Files.createTempFile("modelfleet-item-", "." + extension);
            try {
                MessageDigest sha256 = sha256();
                try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temporary), sha256)) {
                    byte[] buffer = new byte[64 * 1024];
                    long total = 0;
                    for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
                        total += n;
                        if (total > MAX_CONTENT_BYTES) {
                            throw new InvalidInputException(fileName + " is larger than the " + MAX_CONTENT_BYTES
                                    + " bytes one item may hold");
                        }
                        out.write(buffer, 0, n);
                    }
                }
                if (IMAGE_EXTENSIONS.contains(extension.toLowerCase(java.util.Locale.ROOT))) {
                    checkImage(fileName, temporary);
                }
                String key = CONTENT_PREFIX + HexFormat.of().formatHex(sha256.digest()) + "." + extension;
                // the same content may be queued for collection (a deleted dataset had it): keep it
                ArtifactCollector.beforeStoring(key, clock, store::reclaimBlob);
                blobs.put(key, temporary);
                return key;
            } finally {
                Files.deleteIfExists(temporary);
            }
        }

        @Override
        public void progress(long done, long total) {
            long now = System.nanoTime();
            if (now - lastProgressNanos > 500_000_000L || done == total) {
                lastProgressNanos = now;
                store.progress(jobId, done, total);
                // a cancel that reached another replica
                if (!cancelled.get() && store.cancelRequested(jobId)) {
                    cancelled.set(true);
                }
            }
        }

        @Override
        public boolean cancelled() {
            return cancelled.get();
        }
    }

    @Override
    public ImportJob job(long jobId) {
        return store.findJob(jobId).orElseThrow(() -> new NotFoundException("import " + jobId + " does not exist"));
    }

    @Override
    public ImportJob cancel(long jobId, String actor) {
        ImportJob job = job(jobId);
        AtomicBoolean flag = running.get(jobId);
        if (flag != null) {
            flag.set(true);
        } else if (!store.requestCancel(jobId)) {
            throw new ConflictException("import " + jobId + " is " + job.state() + "; only running imports can be cancelled");
        }
        audit.record(actor, "dataset.import.cancel", "dataset", Long.toString(job.datasetId()), "job " + jobId);
        return job(jobId);
    }

    @Override
    public Page<DatasetItem> items(long datasetId, ItemQuery query) {
        get(datasetId);
        return store.items(datasetId, query);
    }

    @Override
    public int relabel(long datasetId, List<Long> itemIds, String label, String actor) {
        Dataset dataset = live(datasetId, "relabeling");
        if (itemIds == null || itemIds.isEmpty()) {
            throw new InvalidInputException("name the items to relabel");
        }
        if (itemIds.stream().anyMatch(java.util.Objects::isNull)) {
            throw new InvalidInputException("itemIds cannot hold null", Map.of("itemIds", "no null ids"));
        }
        if (itemIds.size() > MAX_RELABEL) {
            throw new InvalidInputException("relabel at most " + MAX_RELABEL + " items at once, not " + itemIds.size());
        }
        Validation.required("label", label, 256);
        if (!dataset.labels().isEmpty() && !dataset.labels().contains(label)) {
            throw new InvalidInputException("'" + label + "' is not in the dataset's label set " + dataset.labels());
        }
        int changed = store.relabel(datasetId, itemIds, label, actor, clock.instant());
        audit.record(actor, "dataset.relabel", "dataset", Long.toString(datasetId), changed + " item(s) -> " + label);
        return changed;
    }

    @Override
    public List<LabelChange> history(long itemId) {
        item(itemId); // an item that never existed has no history: 404, not an empty list
        return store.history(itemId);
    }

    @Override
    public DatasetItem item(long itemId) {
        return store.findItem(itemId).orElseThrow(() -> new NotFoundException("dataset item " + itemId + " does not exist"));
    }

    @Override
    public DatasetItem versionItem(long versionId, String key) {
        version(versionId);
        return store.findVersionItem(versionId, key).orElseThrow(() -> new NotFoundException("dataset version "
                + versionId + " has no item '" + (key.length() > 64 ? key.substring(0, 64) + "..." : key) + "'"));
    }

    @Override
    public ItemContent content(long itemId) throws IOException {
        DatasetItem item = item(itemId);
        String ref = item.contentRef();
        if (ref == null || !ref.startsWith(CONTENT_PREFIX)) {
            throw new NotFoundException("dataset item " + itemId + " has no stored file");
        }
        long size = blobs.size(ref);
        if (size < 0) {
            throw new NotFoundException("the file of dataset item " + itemId + " is missing from the blob store");
        }
        return new ItemContent(MEDIA_TYPES.getOrDefault(extension(ref), "application/octet-stream"), size,
                blobs.open(ref, 0));
    }

    /** A safe, lower-case extension for blob keys ("bin" when the name has none usable). */
    static String extension(String fileName) {
        int dot = fileName == null ? -1 : fileName.lastIndexOf('.');
        String extension = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return extension.matches("[a-z0-9]{1,8}") ? extension : "bin";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public DatasetVersion publish(long datasetId, String actor) {
        Dataset dataset = live(datasetId, "new versions");
        if (dataset.state() == DatasetState.IMPORTING) {
            throw new ConflictException("dataset " + dataset.name() + " is importing; publish when the import ended");
        }
        DatasetVersion version = store.publish(datasetId, actor, clock.instant());
        audit.record(actor, "dataset.publish", "dataset", Long.toString(datasetId), "version " + version.number()
                + " with " + version.items() + " items");
        return version;
    }

    @Override
    public List<DatasetVersion> versions(long datasetId) {
        get(datasetId);
        return store.versions(datasetId);
    }

    @Override
    public DatasetVersion version(long versionId) {
        return store.findVersion(versionId)
                .orElseThrow(() -> new NotFoundException("dataset version " + versionId + " does not exist"));
    }

    @Override
    public void exportCsv(long versionId, OutputStream out) throws IOException {
        export(versionId, out, CsvWriter::line);
    }

    @Override
    public void exportCsvForSpreadsheets(long versionId, OutputStream out) throws IOException {
        export(versionId, out, CsvWriter::spreadsheetLine);
    }

    private void export(long versionId, OutputStream out, Function<List<String>, String> csv) throws IOException {
        DatasetVersion version = version(versionId);
        // versions of a deleted dataset that runs or lineage still name stay exportable
        Dataset dataset = store.findDataset(version.datasetId())
                .orElseThrow(() -> new NotFoundException("dataset " + version.datasetId() + " does not exist"));
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        List<String> header = new ArrayList<>(dataset.kind() == DatasetKind.TABULAR ? dataset.columns() : List.of("key", "content"));
        header.add("label");
        writer.write(csv.apply(header));
        try {
            store.versionItems(versionId, item -> {
                List<String> cells = new ArrayList<>();
                if (dataset.kind() == DatasetKind.TABULAR) {
                    dataset.columns().forEach(column -> cells.add(item.fields().get(column)));
                } else {
                    cells.add(item.sourceKey());
                    cells.add(item.contentRef());
                }
                cells.add(item.label());
                try {
                    writer.write(csv.apply(cells));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        writer.flush();
    }
}
