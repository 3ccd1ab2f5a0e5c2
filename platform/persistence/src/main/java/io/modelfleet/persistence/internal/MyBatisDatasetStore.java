package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.apache.ibatis.exceptions.PersistenceException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.Page;
import io.modelfleet.api.dataset.Dataset;
import io.modelfleet.api.dataset.DatasetItem;
import io.modelfleet.api.dataset.DatasetState;
import io.modelfleet.api.dataset.DatasetVersion;
import io.modelfleet.api.dataset.ImportJob;
import io.modelfleet.api.dataset.ItemQuery;
import io.modelfleet.api.dataset.LabelChange;
import io.modelfleet.api.dataset.NewDataset;
import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.source.DataItem;
import io.modelfleet.persistence.DatasetStore;

@Component(service = DatasetStore.class)
public final class MyBatisDatasetStore implements DatasetStore {
    private final Database db;

    @Activate
    public MyBatisDatasetStore(@Reference Database db) {
        this.db = db;
    }

    private static Dataset toDataset(DatasetMapper.DatasetRow row) {
        return new Dataset(row.id(), row.name(), row.description(), DatasetKind.valueOf(row.kind()),
                JsonColumns.strings(row.columns()), JsonColumns.strings(row.labels()), row.state(), row.items(),
                row.versions(), row.createdAt(), row.createdBy(), row.updatedAt());
    }

    private static DatasetItem toItem(DatasetMapper.ItemRow row) {
        Map<String, String> fields = JsonColumns.textMap(row.fields());
        return new DatasetItem(row.id(), row.datasetId(), row.sourceKey(), fields, row.contentRef(),
                row.originalLabel(), row.label(), row.score(), row.edgeId(), row.modelVersion(), row.observedAt());
    }

    @Override
    public Dataset insertDataset(NewDataset dataset, String actor, Instant now) {
        try {
            return db.write(DatasetMapper.class, m -> {
                EdgeMapper.Generated key = new EdgeMapper.Generated();
                m.insertDataset(key, dataset, JsonColumns.strings(dataset.columns()), JsonColumns.strings(dataset.labels()),
                        actor, now);
                return toDataset(m.findDataset(key.id));
            });
        } catch (PersistenceException e) {
            if (Database.isDuplicateKey(e)) {
                throw new ConflictException("a dataset named " + dataset.name() + " already exists");
            }
            throw e;
        }
    }

    @Override
    public List<Dataset> listDatasets() {
        return db.read(DatasetMapper.class, m -> m.listDatasets().stream().map(MyBatisDatasetStore::toDataset).toList());
    }

    @Override
    public Optional<Dataset> findDataset(long id) {
        return db.read(DatasetMapper.class, m -> Optional.ofNullable(m.findDataset(id)).map(MyBatisDatasetStore::toDataset));
    }

    @Override
    public boolean beginImport(long datasetId, Instant now) {
        return db.write(DatasetMapper.class, m -> m.beginImport(datasetId, now) > 0);
    }

    @Override
    public void setState(long datasetId, DatasetState state, Instant now) {
        db.write(DatasetMapper.class, m -> m.setState(datasetId, state, now));
    }

    @Override
    public ImportJob insertJob(long datasetId, String source, String actor, String owner, Instant leaseUntil,
            Instant now) {
        return db.write(DatasetMapper.class, m -> {
            EdgeMapper.Generated key = new EdgeMapper.Generated();
            m.insertJob(key, datasetId, source, actor, owner, leaseUntil, now);
            return m.findJob(key.id);
        });
    }

    @Override
    public int renewJobLeases(String owner, Instant until) {
        return db.write(DatasetMapper.class, m -> m.renewJobLeases(owner, until));
    }

    @Override
    public boolean requestCancel(long jobId) {
        return db.write(DatasetMapper.class, m -> m.requestCancel(jobId)) > 0;
    }

    @Override
    public boolean cancelRequested(long jobId) {
        return Boolean.TRUE.equals(db.read(DatasetMapper.class, m -> m.cancelRequested(jobId)));
    }

    @Override
    public Optional<ImportJob> findJob(long jobId) {
        return db.read(DatasetMapper.class, m -> Optional.ofNullable(m.findJob(jobId)));
    }

    @Override
    public void progress(long jobId, long done, long total) {
        db.write(DatasetMapper.class, m -> m.progress(jobId, done, total));
    }

    @Override
    public void finishJob(long jobId, ImportJob.ImportState state, long imported, long skipped, String error,
            Instant now) {
        db.write(DatasetMapper.class, m -> m.finishJob(jobId, state, imported, skipped, error, now));
    }

    @Override
    public int abandonJobs(String formerOwner, String reason, Instant now) {
        return db.write(DatasetMapper.class, m -> {
            List<DatasetMapper.AbandonedJob> abandoned = m.abandonedJobs(formerOwner, now);
            for (DatasetMapper.AbandonedJob job : abandoned) {
                m.discardStaged(job.id());
                m.failJob(job.id(), reason, now);
                m.releaseImportingDataset(job.datasetId(), now);
            }
            return abandoned.size();
        });
    }


    @Override
    public int stage(long datasetId, long jobId, List<DataItem> items, Instant observedAt) {
        if (items.isEmpty()) {
            return 0;
        }
        List<DatasetMapper.StagedItem> rows = new ArrayList<>(items.size());
        for (DataItem item : items) {
            rows.add(new DatasetMapper.StagedItem(item.key(), JsonColumns.textMap(item.fields()), item.contentRef(),
                    item.label(), item.score(), item.edgeId(), item.modelVersion(),
                    item.observedAt() == null ? observedAt : item.observedAt()));
        }
        return db.write(DatasetMapper.class, m -> m.stage(datasetId, jobId, rows));
    }

    @Override
    public Optional<DatasetItem> findVersionItem(long versionId, String key) {
        return db.read(DatasetMapper.class, m -> Optional.ofNullable(m.findVersionItem(versionId, key))
                .map(MyBatisDatasetStore::toItem));
    }

    @Override
    public Optional<DatasetItem> findItem(long itemId) {
        return db.read(DatasetMapper.class, m -> Optional.ofNullable(m.findItem(itemId)).map(MyBatisDatasetStore::toItem));
    }

    @Override
    public int commitStaged(long jobId) {
        return db.write(DatasetMapper.class, m -> m.commitStaged(jobId));
    }

    @Override
    public int discardStaged(long jobId) {
        return db.write(DatasetMapper.class, m -> m.discardStaged(jobId));
    }

    @Override
    public Page<DatasetItem> items(long datasetId, ItemQuery query) {
        return db.read(DatasetMapper.class, m -> new Page<>(
                m.items(datasetId, query).stream().map(MyBatisDatasetStore::toItem).toList(),
                m.countItems(datasetId, query), query.page().limit(), query.page().offset()));
    }

    @Override
    public int relabel(long datasetId, List<Long> itemIds, String label, String actor, Instant now) {
        if (itemIds.isEmpty()) {
            return 0;
        }
        List<Long> sorted = List.copyOf(new TreeSet<>(itemIds));
        return db.write(DatasetMapper.class, m -> {
            List<DatasetMapper.LabelRow> rows = m.lockForRelabel(datasetId, sorted);
            if (rows.size() != sorted.size()) {
                throw new NotFoundException((sorted.size() - rows.size()) + " of the items are not in dataset " + datasetId);
            }
            int changed = 0;
            for (DatasetMapper.LabelRow row : rows) {
                if (!Objects.equals(row.label(), label)) {
                    m.setLabel(row.id(), label);
                    m.recordChange(row.id(), row.label(), label, actor, now);
                    changed++;
                }
            }
            return changed;
        });
    }

    @Override
    public List<LabelChange> history(long itemId) {
        return db.read(DatasetMapper.class, m -> m.history(itemId));
    }

    @Override
    public DatasetVersion publish(long datasetId, String actor, Instant now) {
        return db.write(DatasetMapper.class, m -> {
            DatasetState state = m.lockDatasetState(datasetId);
            if (state == null) {
                throw new NotFoundException("dataset " + datasetId + " does not exist");
            }
            if (state == DatasetState.DELETED) {
                throw new ConflictException("dataset " + datasetId + " was deleted; it takes no new versions");
            }
            EdgeMapper.Generated key = new EdgeMapper.Generated();
            m.insertVersion(key, datasetId, m.maxVersion(datasetId) + 1, actor, now);
            int items = m.snapshot(key.id, datasetId);
            m.setVersionItems(key.id, items);
            return m.findVersion(key.id);
        });
    }

    @Override
    public List<DatasetVersion> versions(long datasetId) {
        return db.read(DatasetMapper.class, m -> m.versions(datasetId));
    }

    @Override
    public Optional<DatasetVersion> findVersion(long versionId) {
        return db.read(DatasetMapper.class, m -> Optional.ofNullable(m.findVersion(versionId)));
    }

    @Override
    public void versionItems(long versionId, Consumer<DatasetItem> consumer) {
        db.stream(DatasetMapper.class, m -> m.versionItems(versionId, context -> consumer.accept(toItem(context.getResultObject()))));
    }

    @Override
    public Dataset markDeleted(long datasetId, Instant now) {
        return db.write(DatasetMapper.class, m -> {
            DatasetState state = m.lockDatasetState(datasetId);
            if (state == null || state == DatasetState.DELETED) {
                throw new NotFoundException("dataset " + datasetId + " does not exist");
            }
            Dataset dataset = toDataset(m.findDataset(datasetId));
            if (state == DatasetState.IMPORTING) {
                throw new ConflictException("dataset " + dataset.name() + " is importing; cancel the import or wait "
                        + "for it to end, then delete the dataset");
            }
            List<String> streams = m.streamsUsing(datasetId);
            if (!streams.isEmpty()) {
                throw new ConflictException("dataset " + dataset.name() + " is used by the stream(s) "
                        + String.join(", ", streams) + "; delete them or point them at another dataset first");
            }
            m.markDeleted(datasetId, now);
            return dataset;
        });
    }

    @Override
    public boolean reclaimBlob(String key, Instant now) {
        return MyBatisArtifactGcStore.reclaim(db, key, now);
    }
}
