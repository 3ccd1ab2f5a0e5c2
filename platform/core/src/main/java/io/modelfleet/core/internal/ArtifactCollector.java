package io.modelfleet.core.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.modelfleet.api.spi.storage.ArtifactStore;
import io.modelfleet.persistence.ArtifactGcStore;
import io.modelfleet.persistence.BlobCandidate;

/**
 * Removes what deletions left: the rows of deleted datasets nothing references any more, then artifact-store blobs
 * whose last reference is gone. The artifact store cannot list its keys, so blobs become candidates only when the rows
 * naming them are deleted (dataset items, dataset versions and their exports, model versions), queued in the same
 * transaction. A candidate is deleted when
 * <ul>
 * <li>it was queued more than the grace period ago (storing the same content again, e.g. an import on another replica,
 * takes it off the queue, and the grace period covers the moment between storing a blob and inserting the row that
 * names it),</li>
 * <li>this server claimed it (compare-and-set: of several replicas one deletes each blob; a claim of a server that died
 * is taken over after ten minutes), and</li>
 * <li>no row names it when looked at, after the claim: a dataset item of any dataset (staged ones too), a model
 * version, the dataset version it is the export of; keys of other namespaces are never deleted.</li>
 * </ul>
 * Runs every {@code intervalMinutes} on every server and after each deletion, in bounded batches.
 */
@Component(service = ArtifactCollector.class, configurationPid = ArtifactCollectorConfiguration.PID)
@Designate(ocd = ArtifactCollectorConfiguration.class)
public final class ArtifactCollector {
    private static final Logger LOG = LoggerFactory.getLogger(ArtifactCollector.class);
    /** Batches of rows per deleted dataset and pages of blobs per run: the rest waits for the next run. */
    static final int MAX_BATCHES_PER_RUN = 200;
    /** How long storing a blob waits for a server that is deleting it right now. */
    static final Duration RECLAIM_WAIT = Duration.ofSeconds(30);

    public record Collected(long rows, int blobsDeleted, int blobsKept) {
    }

    private final ArtifactGcStore store;
    private final ArtifactStore blobs;
    private final Clock clock;
    private final String owner;
    private final Duration grace;
    private final int batch;
    private final ScheduledExecutorService runner;

    @Activate
    public ArtifactCollector(@Reference ArtifactGcStore store, @Reference ArtifactStore blobs,
            ArtifactCollectorConfiguration config) {
        this(store, blobs, Clock.systemUTC(), TrainingCoordinator.defaultNodeId(),
                Duration.ofMinutes(Math.max(1, config.graceMinutes())), Math.max(1, config.batchSize()));
        long every = Math.max(1, config.intervalMinutes());
        runner.scheduleWithFixedDelay(this::collectSafely, every, every, TimeUnit.MINUTES);
    }

    ArtifactCollector(ArtifactGcStore store, ArtifactStore blobs, Clock clock, String owner, Duration grace, int batch) {
        this.store = store;
        this.blobs = blobs;
        this.clock = clock;
        this.owner = owner;
        this.grace = grace;
        this.batch = batch;
        this.runner = Daemons.scheduler("modelfleet-artifact-collector");
    }

    @Deactivate
    void deactivate() {
        runner.shutdownNow();
    }

    /** Runs once soon on the collector's thread (after a deletion); the caller does not wait. */
    public void collectSoon() {
        try {
            runner.execute(this::collectSafely);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping: the next server start or another replica collects
        }
    }

    private void collectSafely() {
        try {
            Collected collected = collect();
            if (collected.rows() > 0 || collected.blobsDeleted() > 0) {
                LOG.info("Artifact collector removed {} rows of deleted datasets and {} blobs ({} kept: referenced)",
                        collected.rows(), collected.blobsDeleted(), collected.blobsKept());
            }
        } catch (RuntimeException e) {
            LOG.warn("Artifact collection failed; trying again next run: {}", e.toString());
        }
    }

    /** One run: rows of deleted datasets first (they queue blobs), then the blobs that are due. */
    Collected collect() {
        long rows = 0;
        for (long datasetId : store.deletedDatasets(100)) {
            for (int i = 0; i < MAX_BATCHES_PER_RUN; i++) {
                int removed = store.purgeDeletedDataset(datasetId, batch, clock.instant());
                if (removed == 0) {
                    break;
                }
                rows += removed;
            }
        }
        int deleted = 0;
        int kept = 0;
        for (int page = 0; page < MAX_BATCHES_PER_RUN; page++) {
            Instant now = clock.instant();
            List<BlobCandidate> due = store.dueBlobs(now.minus(grace), now, batch);
            int claimed = 0;
            for (BlobCandidate candidate : due) {
                if (!store.claimBlob(candidate, owner, clock.instant())) {
                    continue; // another server has it, or it was queued again
                }
                claimed++;
                // looked up after the claim: a row inserted before it is seen, and storing the key again waits
                if (store.blobReferenced(candidate.key())) {
                    store.forgetBlob(candidate.key());
                    kept++;
                    continue;
                }
                try {
                    blobs.delete(candidate.key());
                    store.forgetBlob(candidate.key());
                    deleted++;
                } catch (IOException e) {
                    // stays claimed; taken over when the claim went stale
                    LOG.warn("Cannot delete blob {}: {}", candidate.key(), e.toString());
                }
            }
            if (due.size() < batch || claimed == 0) {
                break;
            }
        }
        return new Collected(rows, deleted, kept);
    }

    /**
     * Called before a blob is stored under a content-addressed key: takes the key off the collector's queue, waiting
     * while a server deletes that very blob (afterwards it is stored anew).
     *
     * @param reclaim the store's {@code reclaimBlob}
     */
    static void beforeStoring(String key, Clock clock, BiPredicate<String, Instant> reclaim) throws IOException {
        long deadline = System.nanoTime() + RECLAIM_WAIT.toNanos();
        while (!reclaim.test(key, clock.instant())) {
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("the artifact collector is deleting " + key + " right now; try again");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the artifact collector", e);
            }
        }
    }
}
