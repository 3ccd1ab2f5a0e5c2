package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.List;
import java.util.ArrayList;
import java.util.Optional;

import org.apache.ibatis.exceptions.PersistenceException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.model.Model;
import io.modelfleet.api.model.ModelStage;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.persistence.ModelStore;
import io.modelfleet.persistence.NewModelVersionRecord;

@Component(service = ModelStore.class)
public final class MyBatisModelStore implements ModelStore {
    /** Two uploads numbering the same model at once: the loser of the unique index takes the next number. */
    private static final int NUMBERING_ATTEMPTS = 30;

    private final Database db;

    @Activate
    public MyBatisModelStore(@Reference Database db) {
        this.db = db;
    }

    @Override
    public ModelVersion insert(NewModelVersionRecord record) {
        String signature = JsonColumns.signature(record.signature());
        String metadata = JsonColumns.textMap(record.spec().metadata());
        String metrics = JsonColumns.probabilities(record.spec().metrics().isEmpty() ? null : record.spec().metrics());
        for (int attempt = 1;; attempt++) {
            try {
                return db.write(ModelMapper.class, m -> {
                    int ordinal = m.maxOrdinal(record.spec().name()) + 1;
                    String version = record.spec().version() == null ? Integer.toString(ordinal) : record.spec().version();
                    EdgeMapper.Generated key = new EdgeMapper.Generated();
                    m.insert(key, record, version, ordinal, signature, metadata, metrics);
                    return m.find(key.id).toModelVersion();
                });
            } catch (PersistenceException e) {
                if (!Database.isDuplicateKey(e)) {
                    throw e;
                }
                if (record.spec().version() != null
                        && find(record.spec().name(), record.spec().version()).isPresent()) {
                    throw new ConflictException("model " + record.spec().name() + " already has a version "
                            + record.spec().version() + "; versions are immutable, upload under a new version");
                }
                if (attempt == NUMBERING_ATTEMPTS) {
                    throw new ConflictException("could not number a new version of " + record.spec().name()
                            + " after " + attempt + " attempts; try again");
                }
                backOff();
            }
        }
    }

    /** Random, so racing uploads stop colliding on the same next number. */
    private static void backOff() {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(2, 30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConflictException("interrupted while numbering a model version");
        }
    }

    @Override
    public List<Model> listModels() {
        return db.read(ModelMapper.class, ModelMapper::listModels);
    }

    @Override
    public List<ModelVersion> listVersions(String name) {
        return db.read(ModelMapper.class, m -> m.listVersions(name).stream().map(ModelVersionRow::toModelVersion).toList());
    }

    @Override
    public Optional<ModelVersion> find(long id) {
        return db.read(ModelMapper.class, m -> Optional.ofNullable(m.find(id)).map(ModelVersionRow::toModelVersion));
    }

    @Override
    public Optional<ModelVersion> find(String name, String version) {
        return db.read(ModelMapper.class,
                m -> Optional.ofNullable(m.findByName(name, version)).map(ModelVersionRow::toModelVersion));
    }

    @Override
    public Optional<String> artifactKey(long id) {
        return db.read(ModelMapper.class, m -> Optional.ofNullable(m.artifactKey(id)));
    }

    @Override
    public boolean updateStage(long id, ModelStage stage, String actor, Instant now) {
        return db.write(ModelMapper.class, m -> m.updateStage(id, stage, actor, now) > 0 || m.find(id) != null);
    }

    @Override
    public ModelVersion deleteVersion(long id, Instant now) {
        return db.write(ModelMapper.class, m -> {
            // the row lock makes deployments and rollouts being created for it wait for the answer
            ModelVersionRow row = m.lockVersion(id);
            if (row == null) {
                throw new NotFoundException("model version " + id + " does not exist");
            }
            ModelVersion version = row.toModelVersion();
            List<String> reasons = new ArrayList<>();
            List<String> running = m.edgesRunning(version.reference());
            if (!running.isEmpty()) {
                reasons.add("edge(s) " + names(running) + " run it");
            }
            List<String> assigned = m.edgesAssigned(id);
            if (!assigned.isEmpty()) {
                reasons.add("edge(s) " + names(assigned) + " have it assigned");
            }
            long underway = m.deploymentsUnderway(id);
            if (underway > 0) {
                reasons.add(underway + " deployment(s) of it are under way");
            }
            List<String> rollouts = m.rolloutsUsing(id);
            if (!rollouts.isEmpty()) {
                reasons.add("rollout(s) " + names(rollouts) + " are not finished");
            }
            if (m.versionCount(version.name()) <= 1) {
                reasons.add("it is the only version of model " + version.name());
            }
            if (!reasons.isEmpty()) {
                throw new ConflictException("model version " + version.reference() + " cannot be deleted: "
                        + String.join("; ", reasons));
            }
            String artifact = m.artifactKey(id);
            m.spliceLineage(id, row.parentVersionId());
            m.deleteRollouts(id);
            m.deleteDeployments(id);
            m.deleteVersion(id);
            m.queueBlob(artifact, now);
            return version;
        });
    }

    private static String names(List<String> names) {
        return names.size() > 10 ? String.join(", ", names.subList(0, 10)) + " and more" : String.join(", ", names);
    }

    @Override
    public boolean reclaimBlob(String key, Instant now) {
        return MyBatisArtifactGcStore.reclaim(db, key, now);
    }
}
