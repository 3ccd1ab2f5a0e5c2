package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.modelfleet.api.stream.Retraining;
import io.modelfleet.api.stream.RetrainingPolicy;
import io.modelfleet.api.stream.RetrainingState;
import io.modelfleet.api.stream.RetrainingStep;
import io.modelfleet.persistence.RetrainingStore;

@Component(service = RetrainingStore.class)
public final class MyBatisRetrainingStore implements RetrainingStore {
    private static final int MAX_MESSAGE = 1024;
    private final Database db;

    @Activate
    public MyBatisRetrainingStore(@Reference Database db) {
        this.db = db;
    }

    @Override
    public Optional<RetrainingPolicy> policy(long streamId) {
        return db.read(RetrainingMapper.class, m -> {
            RetrainingMapper.PolicyRow row = m.policy(streamId);
            if (row == null) {
                return Optional.<RetrainingPolicy>empty();
            }
            return Optional.of(new RetrainingPolicy(row.enabled(), m.triggers(streamId),
                    row.source(), row.maxScore(), row.maxItems(), row.waitForLabels(), row.gateMetric(),
                    row.gateMinValue(), row.gateMaxDrop(), row.autoApprove(), row.cooldownMinutes()));
        });
    }

    @Override
    public void savePolicy(long streamId, RetrainingPolicy policy, String actor, Instant now) {
        db.write(RetrainingMapper.class, m -> {
            m.upsertPolicy(streamId, policy, actor, now);
            m.clearTriggers(streamId);
            m.insertTriggers(streamId, policy.triggerRuleIds());
            return null;
        });
    }

    @Override
    public boolean deletePolicy(long streamId) {
        return db.write(RetrainingMapper.class, m -> m.deletePolicy(streamId)) > 0;
    }

    @Override
    public List<TriggeredAlert> untriggeredAlerts(int limit) {
        return db.read(RetrainingMapper.class, m -> m.untriggeredAlerts(limit));
    }

    @Override
    public Optional<Instant> lastStarted(long streamId) {
        return Optional.ofNullable(db.read(RetrainingMapper.class, m -> m.lastStarted(streamId)));
    }

    @Override
    public Optional<Long> insert(long streamId, Long alertId, String trigger, Map<String, String> importOptions,
            String replacesVersion, String message, String actor, Instant now) {
        EdgeMapper.Generated key = new EdgeMapper.Generated();
        String text = clip(message);
        return db.write(RetrainingMapper.class, m -> {
            if (m.insert(key, streamId, alertId, clip(trigger), JsonColumns.textMap(importOptions), replacesVersion,
                    text, actor, now) == 0) {
                return Optional.empty();
            }
            m.insertStep(key.id, RetrainingState.IMPORTING.name(), text, now);
            return Optional.of(key.id);
        });
    }

    @Override
    public boolean recordImportJob(long id, long importJobId, String message, Instant now) {
        String text = clip(message);
        return db.write(RetrainingMapper.class, m -> {
            if (m.recordImportJob(id, importJobId, text, now) == 0) {
                return false;
            }
            m.insertStep(id, RetrainingState.IMPORTING.name(), text, now);
            return true;
        });
    }

    @Override
    public List<Long> streamsTriggeredBy(List<Long> ruleIds, long streamId) {
        return ruleIds.isEmpty() ? List.of() : db.read(RetrainingMapper.class, m -> m.streamsTriggeredBy(ruleIds, streamId));
    }

    @Override
    public List<Retraining> unfinished() {
        return db.read(RetrainingMapper.class, m -> m.unfinished().stream().map(r -> retraining(r, List.of())).toList());
    }

    @Override
    public Optional<Retraining> find(long id) {
        return db.read(RetrainingMapper.class, m -> {
            RetrainingMapper.RetrainingRow row = m.find(id);
            return row == null ? Optional.empty() : Optional.of(retraining(row, m.steps(id)));
        });
    }

    @Override
    public List<Retraining> list(Long streamId, int limit) {
        return db.read(RetrainingMapper.class, m -> m.list(streamId, limit).stream()
                .map(r -> retraining(r, List.of())).toList());
    }

    @Override
    public boolean advance(long id, RetrainingState from, RetrainingState to, String message, StepResult result,
            Instant now) {
        String text = clip(message);
        return db.write(RetrainingMapper.class, m -> {
            if (m.advance(id, from.name(), to.name(), text, result, to.finished(), now) == 0) {
                return false;
            }
            m.insertStep(id, to.name(), text, now);
            return true;
        });
    }

    private static Retraining retraining(RetrainingMapper.RetrainingRow r, List<RetrainingStep> steps) {
        return new Retraining(r.id(), r.streamId(), r.streamName(), r.alertId(), r.triggerText(),
                RetrainingState.valueOf(r.state()), r.message(), JsonColumns.textMap(r.importOptions()), r.importJobId(),
                r.importedItems(), r.datasetVersionId(), r.trainingRunId(), r.modelVersionId(), r.replacesVersion(),
                r.rolloutId(), r.createdAt(), r.createdBy(), r.updatedAt(), r.finishedAt(), steps);
    }

    private static String clip(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE - 1) + "…";
    }
}
