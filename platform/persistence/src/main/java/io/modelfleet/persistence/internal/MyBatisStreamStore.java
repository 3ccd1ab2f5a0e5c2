package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.ibatis.exceptions.PersistenceException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.stream.NewStream;
import io.modelfleet.api.stream.RunState;
import io.modelfleet.api.stream.RunTrigger;
import io.modelfleet.api.stream.Stream;
import io.modelfleet.api.stream.StreamStatus;
import io.modelfleet.api.stream.TrainingRun;
import io.modelfleet.persistence.StreamStore;

@Component(service = StreamStore.class)
public final class MyBatisStreamStore implements StreamStore {
    private final Database db;

    @Activate
    public MyBatisStreamStore(@Reference Database db) {
        this.db = db;
    }

    @Override
    public Stream insert(NewStream stream, String parametersJson, Instant nextTrainingAt, String actor, Instant now) {
        try {
            return db.write(StreamMapper.class, m -> {
                EdgeMapper.Generated key = new EdgeMapper.Generated();
                m.insert(key, stream, parametersJson, nextTrainingAt, StreamRow.edgeIds(stream.target()),
                        cron(stream), zone(stream), actor, now);
                return m.find(key.id).toStream();
            });
        } catch (PersistenceException e) {
            if (Database.isDuplicateKey(e)) {
                throw new ConflictException("a stream named " + stream.name() + " already exists");
            }
            throw e;
        }
    }

    @Override
    public Optional<Stream> update(long streamId, NewStream stream, String parametersJson, Instant nextTrainingAt,
            String actor, Instant now) {
        return db.write(StreamMapper.class, m -> {
            if (m.update(streamId, stream, parametersJson, nextTrainingAt, StreamRow.edgeIds(stream.target()),
                    cron(stream), zone(stream), actor, now) == 0) {
                return Optional.empty();
            }
            return Optional.of(m.find(streamId).toStream());
        });
    }

    private static String cron(NewStream stream) {
        return stream.schedule() == null ? null : stream.schedule().cron();
    }

    private static String zone(NewStream stream) {
        return stream.schedule() == null ? null : stream.schedule().timeZone();
    }

    @Override
    public boolean delete(long streamId) {
        return db.write(StreamMapper.class, m -> m.delete(streamId) > 0);
    }

    @Override
    public Optional<Stream> find(long streamId) {
        return db.read(StreamMapper.class, m -> Optional.ofNullable(m.find(streamId)).map(StreamRow::toStream));
    }

    @Override
    public List<Stream> list() {
        return db.read(StreamMapper.class, m -> m.list().stream().map(StreamRow::toStream).toList());
    }

    @Override
    public void setStatus(long streamId, StreamStatus status, String actor, Instant now) {
        db.write(StreamMapper.class, m -> m.setStatus(streamId, status, actor, now));
    }

    @Override
    public List<Stream> due(Instant now) {
        return db.read(StreamMapper.class, m -> m.due(now).stream().map(StreamRow::toStream).toList());
    }

    @Override
    public boolean advanceSchedule(long streamId, Instant expected, Instant next) {
        return db.write(StreamMapper.class, m -> m.advanceSchedule(streamId, expected, next) > 0);
    }

    @Override
    public TrainingRun insertRun(long streamId, RunTrigger trigger, long datasetVersionId, String solutionVersion,
            String parametersJson, long seed, String actor, Instant now) {
        return db.write(StreamMapper.class, m -> {
            // the stream row lock serialises run numbering and the one-active-run rule
            Integer trainings = m.lockTrainings(streamId);
            if (trainings == null) {
                throw new NotFoundException("stream " + streamId + " does not exist");
            }
            if (m.activeRuns(streamId) > 0) {
                throw new ConflictException("stream " + streamId + " is already training; wait for the run to end or cancel it");
            }
            int number = trainings + 1;
            EdgeMapper.Generated key = new EdgeMapper.Generated();
            m.insertRun(key, streamId, number, trigger, datasetVersionId, solutionVersion, parametersJson, seed, actor, now);
            m.startTraining(streamId, number, now);
            return m.findRun(key.id).toRun();
        });
    }

    @Override
    public Optional<TrainingRun> findRun(long runId) {
        return db.read(StreamMapper.class, m -> Optional.ofNullable(m.findRun(runId)).map(RunRow::toRun));
    }

    @Override
    public List<TrainingRun> runs(Long streamId, RunState state, int limit) {
        return db.read(StreamMapper.class, m -> m.runs(streamId, state, limit).stream().map(RunRow::toRun).toList());
    }

    @Override
    public List<Long> claimRuns(String owner, Instant now, Instant leaseUntil) {
        return db.write(StreamMapper.class, m -> {
            m.claim(owner, now, leaseUntil);
            return m.owned(owner);
        });
    }

    @Override
    public int renewLeases(String owner, Instant leaseUntil) {
        return db.write(StreamMapper.class, m -> m.renew(owner, leaseUntil));
    }

    @Override
    public boolean markSubmitted(long runId, String owner, String handle, Instant now) {
        return db.write(StreamMapper.class, m -> m.markSubmitted(runId, owner, handle, now) > 0);
    }

    @Override
    public boolean progress(long runId, String owner, RunState state, double progress, String message) {
        return db.write(StreamMapper.class, m -> m.progress(runId, owner, state, progress, clip(message)) > 0);
    }

    @Override
    public boolean saveLog(long runId, String owner, String logTail) {
        return db.write(StreamMapper.class, m -> m.saveLog(runId, owner, logTail) > 0);
    }

    @Override
    public Optional<String> log(long runId) {
        return db.read(StreamMapper.class, m -> Optional.ofNullable(m.log(runId)));
    }

    @Override
    public boolean finish(long runId, String owner, RunState state, String message, Long modelVersionId,
            Map<String, Double> metrics, Instant now) {
        return db.write(StreamMapper.class, m -> {
            if (m.finish(runId, owner, state, clip(message), modelVersionId,
                    metrics == null || metrics.isEmpty() ? null : JsonColumns.probabilities(metrics), now) == 0) {
                return false;
            }
            long streamId = m.streamOf(runId);
            StreamStatus status = switch (state) {
                case SUCCEEDED -> StreamStatus.TRAINED;
                case FAILED -> StreamStatus.FAILED;
                default -> m.latestModelVersion(streamId) == null ? StreamStatus.READY_TO_TRAIN : StreamStatus.TRAINED;
            };
            m.setStatus(streamId, status, "system", now);
            return true;
        });
    }

    private static String clip(String message) {
        return message == null || message.length() <= 2048 ? message : message.substring(0, 2045) + "...";
    }

    @Override
    public boolean requestCancel(long runId) {
        return db.write(StreamMapper.class, m -> m.requestCancel(runId) > 0);
    }

    @Override
    public Optional<Long> latestModelVersion(long streamId) {
        return db.read(StreamMapper.class, m -> Optional.ofNullable(m.latestModelVersion(streamId)));
    }
}
