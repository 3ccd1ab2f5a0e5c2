package io.modelfleet.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

import io.modelfleet.api.Page;
import io.modelfleet.api.dataset.Dataset;
import io.modelfleet.api.dataset.DatasetItem;
import io.modelfleet.api.dataset.DatasetState;
import io.modelfleet.api.dataset.DatasetVersion;
import io.modelfleet.api.dataset.ImportJob;
import io.modelfleet.api.dataset.ItemQuery;
import io.modelfleet.api.dataset.LabelChange;
import io.modelfleet.api.dataset.NewDataset;
import io.modelfleet.api.spi.source.DataItem;

/** Datasets, staged imports, labels and versions. */
@ProviderType
public interface DatasetStore {

    /** @throws io.modelfleet.api.ConflictException when the name is taken */
    Dataset insertDataset(NewDataset dataset, String actor, Instant now);

    List<Dataset> listDatasets();

    Optional<Dataset> findDataset(long id);

    /** Marks the dataset IMPORTING unless it is already: of two concurrent imports only one gets true. */
    boolean beginImport(long datasetId, Instant now);

    void setState(long datasetId, DatasetState state, Instant now);

    /** A RUNNING import held by {@code owner} (a server) until {@code leaseUntil}. */
    ImportJob insertJob(long datasetId, String source, String actor, String owner, Instant leaseUntil, Instant now);

    /** Extends the lease of every import the owner runs. @return how many */
    int renewJobLeases(String owner, Instant until);

    /** Asks the server running the import to stop it. @return false when it is not running */
    boolean requestCancel(long jobId);

    boolean cancelRequested(long jobId);

    Optional<ImportJob> findJob(long jobId);

    void progress(long jobId, long done, long total);

    void finishJob(long jobId, ImportJob.ImportState state, long imported, long skipped, String error, Instant now);

    /**
     * Fails the RUNNING imports no server holds any more (lease run out, no owner, or held by {@code formerOwner}, the
     * same server in an earlier life; null for none), discarding their staged items, and makes their datasets
     * AVAILABLE again. @return how many
     */
    int abandonJobs(String formerOwner, String reason, Instant now);

    /** Stages items of a running import; items whose key the dataset already has are skipped. @return staged */
    int stage(long datasetId, long jobId, List<DataItem> items, Instant observedAt);

    /** Makes a job's staged items part of the dataset, all at once. @return how many */
    int commitStaged(long jobId);

    /** Forgets a failed or cancelled job's staged items. */
    int discardStaged(long jobId);

    Page<DatasetItem> items(long datasetId, ItemQuery query);

    /** An item that is part of its dataset (not staged). */
    Optional<DatasetItem> findItem(long itemId);

    /** The item with this key as the version froze it (its label then), if the version has it. */
    Optional<DatasetItem> findVersionItem(long versionId, String key);

    /** Relabels items of the dataset in one transaction, recording each change. @return items changed */
    int relabel(long datasetId, List<Long> itemIds, String label, String actor, Instant now);

    List<LabelChange> history(long itemId);

    /** Snapshots the dataset's items and current labels as the next version number. */
    DatasetVersion publish(long datasetId, String actor, Instant now);

    List<DatasetVersion> versions(long datasetId);

    Optional<DatasetVersion> findVersion(long versionId);

    /** Streams a version's items with the labels they had when it was published, in item order. */
    void versionItems(long versionId, Consumer<DatasetItem> consumer);

    /**
     * Marks the dataset DELETED: no longer listed, its name free again, no more imports or versions. Its rows go later,
     * in batches ({@link ArtifactGcStore#purgeDeletedDataset}), except versions something still names.
     *
     * @return the dataset as it was
     * @throws io.modelfleet.api.NotFoundException when there is no such dataset or it is deleted already
     * @throws io.modelfleet.api.ConflictException while it imports, or when streams train on it (naming them)
     */
    Dataset markDeleted(long datasetId, Instant now);

    /**
     * Takes a blob key off the collector's queue before the blob is stored (again). False while a server is deleting
     * that blob right now: wait and ask again, then store it anew.
     */
    boolean reclaimBlob(String key, Instant now);
}
