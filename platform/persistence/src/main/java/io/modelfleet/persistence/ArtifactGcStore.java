package io.modelfleet.persistence;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the artifact collector needs: the rows of deleted datasets nothing references any more, and the queue of blob
 * keys that may have lost their last reference ({@code blob_gc_candidate}). Keys enter the queue when the rows naming
 * them are deleted (dataset items, dataset versions, model versions); a key leaves it when a server deletes the blob,
 * finds it referenced again, or stores it again ({@link DatasetStore#reclaimBlob}, {@link ModelStore#reclaimBlob}).
 */
@ProviderType
public interface ArtifactGcStore {
    /** A claim older than this belongs to a server that died while deleting: another may take it over. */
    Duration STALE_CLAIM = Duration.ofMinutes(10);

    /** Deleted datasets that still have versions or items (some may be kept by what references them). */
    List<Long> deletedDatasets(int limit);

    /**
     * Removes at most {@code batch} rows of a DELETED dataset, in short transactions: first a version nothing
     * references (no stream, training run or model version names it; its frozen items first, then the version, whose
     * export is queued), then items no remaining version holds (their files queued).
     *
     * @return rows removed; 0 when nothing more can go
     */
    int purgeDeletedDataset(long datasetId, int batch, Instant now);

    /** Queues keys (again: the grace period starts anew unless a server is deleting the blob right now). */
    void queueBlobs(Collection<String> keys, Instant now);

    /** Keys queued before {@code queuedBefore} nobody is deleting, and claims gone stale, oldest first. */
    List<BlobCandidate> dueBlobs(Instant queuedBefore, Instant now, int limit);

    /** Takes the candidate as this server's to delete, unless it changed since it was read. */
    boolean claimBlob(BlobCandidate candidate, String owner, Instant now);

    /**
     * Whether any row names the key: a dataset item (staged or not, of any dataset), a model version's artifact, the
     * version whose export it is, or a model version whose training copy it is. Keys of other namespaces count as
     * referenced: the collector deletes only what it knows the references of.
     */
    boolean blobReferenced(String key);

    /** Takes the key off the queue (deleted, or referenced again). */
    void forgetBlob(String key);

    List<BlobCandidate> queuedBlobs(int limit);
}
