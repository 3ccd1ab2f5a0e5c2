package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.modelfleet.persistence.ArtifactGcStore;
import io.modelfleet.persistence.BlobCandidate;

@Component(service = ArtifactGcStore.class)
public final class MyBatisArtifactGcStore implements ArtifactGcStore {
    /** The namespaces whose references this store knows; see {@link #blobReferenced}. */
    static final String CONTENT = "datasets/content/";
    static final String MODELS = "models/";
    private static final Pattern EXPORT = Pattern.compile("training/datasets/version-(\\d{1,18})\\.csv");
    private static final Pattern TRAINING_COPY = Pattern.compile("training/models/([0-9a-f]{64})\\.([A-Za-z0-9_-]{1,32})");

    private final Database db;

    @Activate
    public MyBatisArtifactGcStore(@Reference Database db) {
        this.db = db;
    }

    /** The key under which the training coordinator exports a dataset version. */
    static String exportKey(long versionId) {
        return "training/datasets/version-" + versionId + ".csv";
    }

    @Override
    public List<Long> deletedDatasets(int limit) {
        return db.read(GarbageMapper.class, m -> m.deletedDatasets(limit));
    }

    @Override
    public int purgeDeletedDataset(long datasetId, int batch, Instant now) {
        Long version = db.read(GarbageMapper.class, m -> m.removableVersion(datasetId));
        if (version != null) {
            // the frozen items first, a batch per (auto-committed) statement, then the version itself
            int removed = db.read(GarbageMapper.class, m -> m.deleteVersionItems(version, batch));
            if (removed > 0) {
                return removed;
            }
            int deleted = db.write(GarbageMapper.class, m -> {
                int rows = m.deleteVersion(version);
                if (rows > 0) {
                    m.queueBlob(exportKey(version), now);
                }
                return rows;
            });
            if (deleted > 0) {
                return deleted;
            }
        }
        return db.write(GarbageMapper.class, m -> {
            List<GarbageMapper.ItemRef> items = m.removableItems(datasetId, batch);
            if (items.isEmpty()) {
                return 0;
            }
            // queued in the transaction that deletes the rows naming them: no key is ever forgotten
            Set<String> keys = new TreeSet<>();
            items.forEach(item -> {
                if (item.contentRef() != null) {
                    keys.add(item.contentRef());
                }
            });
            keys.forEach(key -> m.queueBlob(key, now));
            return m.deleteItems(items.stream().map(GarbageMapper.ItemRef::id).toList());
        });
    }

    @Override
    public void queueBlobs(Collection<String> keys, Instant now) {
        if (!keys.isEmpty()) {
            Set<String> sorted = new TreeSet<>(keys);
            db.write(GarbageMapper.class, m -> {
                sorted.forEach(key -> m.queueBlob(key, now));
                return null;
            });
        }
    }

    @Override
    public List<BlobCandidate> dueBlobs(Instant queuedBefore, Instant now, int limit) {
        return db.read(GarbageMapper.class, m -> m.dueBlobs(queuedBefore, now.minus(STALE_CLAIM), limit));
    }

    @Override
    public boolean claimBlob(BlobCandidate candidate, String owner, Instant now) {
        return db.write(GarbageMapper.class, m -> m.claimBlob(candidate, owner, now)) > 0;
    }

    @Override
    public boolean blobReferenced(String key) {
        Long exportOf = null;
        String sha = null;
        String format = null;
        Matcher export = EXPORT.matcher(key);
        Matcher copy = TRAINING_COPY.matcher(key);
        if (export.matches()) {
            exportOf = Long.parseLong(export.group(1));
        } else if (copy.matches()) {
            sha = copy.group(1);
            format = copy.group(2);
        } else if (!key.startsWith(CONTENT) && !key.startsWith(MODELS)) {
            return true; // not a namespace whose references are known here: never deleted
        }
        Long version = exportOf;
        String copySha = sha;
        String copyFormat = format;
        return db.read(GarbageMapper.class, m -> m.referenced(key, version, copySha, copyFormat));
    }

    @Override
    public void forgetBlob(String key) {
        db.write(GarbageMapper.class, m -> m.forgetBlob(key));
    }

    @Override
    public List<BlobCandidate> queuedBlobs(int limit) {
        return db.read(GarbageMapper.class, m -> m.queuedBlobs(limit));
    }

    /**
     * For stores about to put a blob: takes the key off the queue. False while a server is deleting that blob (the
     * caller waits and asks again, then stores it anew); a claim gone stale is taken off too.
     */
    static boolean reclaim(Database db, String key, Instant now) {
        return db.write(GarbageMapper.class, m -> {
            m.reclaim(key, now.minus(STALE_CLAIM));
            return m.queued(key) == 0;
        });
    }
}
