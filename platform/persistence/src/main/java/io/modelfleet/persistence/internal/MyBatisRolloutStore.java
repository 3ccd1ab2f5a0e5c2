package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.modelfleet.api.Page;
import io.modelfleet.api.deployment.EdgeDeployment;
import io.modelfleet.api.rollout.GateResult;
import io.modelfleet.api.rollout.Rollout;
import io.modelfleet.api.rollout.RolloutEdge;
import io.modelfleet.api.rollout.RolloutState;
import io.modelfleet.api.rollout.RolloutWave;
import io.modelfleet.persistence.NewRollout;
import io.modelfleet.persistence.PlannedEdge;
import io.modelfleet.persistence.QualityStats;
import io.modelfleet.persistence.RolledBackEdge;
import io.modelfleet.persistence.RolloutCandidate;
import io.modelfleet.persistence.RolloutStore;
import io.modelfleet.persistence.WaveEdge;

@Component(service = RolloutStore.class)
public final class MyBatisRolloutStore implements RolloutStore {
    /** Multi-row inserts stay well below max_allowed_packet. */
    private static final int INSERT_CHUNK = 1000;

    private final Database db;

    @Activate
    public MyBatisRolloutStore(@Reference Database db) {
        this.db = db;
    }

    @Override
    public List<RolloutCandidate> candidates(Collection<Long> edgeIds, String tagKey, String tagValue, String target) {
        return db.read(RolloutMapper.class, m -> m.candidates(edgeIds, tagKey, tagValue, target)).stream()
                .map(row -> new RolloutCandidate(row.edgeId(), row.name(), row.state(), row.target(), row.arch(),
                        row.memoryBytes(), row.gpu(), row.agentVersion(), JsonColumns.strings(row.runtimes())))
                .toList();
    }

    @Override
    public long create(NewRollout rollout, List<PlannedEdge> edges) {
        return db.write(RolloutMapper.class, m -> {
            EdgeMapper.Generated key = new EdgeMapper.Generated();
            int planned = (int) edges.stream().filter(e -> e.wave() > 0).count();
            m.insert(key, rollout, JsonColumns.write(rollout.plan()), planned);
            for (int from = 0; from < edges.size(); from += INSERT_CHUNK) {
                m.insertEdges(key.id, edges.subList(from, Math.min(edges.size(), from + INSERT_CHUNK)));
            }
            m.insertWaves(key.id, IntStream.rangeClosed(1, rollout.waveCount()).boxed().toList());
            return key.id;
        });
    }

    @Override
    public Optional<Rollout> find(long id) {
        return db.read(RolloutMapper.class, m -> {
            RolloutMapper.RolloutRow row = m.find(id);
            if (row == null) {
                return Optional.empty();
            }
            Map<Integer, Map<String, Integer>> counts = new TreeMap<>();
            for (RolloutMapper.CountRow count : m.counts(id)) {
                counts.computeIfAbsent(count.wave(), w -> new LinkedHashMap<>()).merge(count.status(), count.n(), Integer::sum);
            }
            List<RolloutWave> waves = new ArrayList<>();
            for (RolloutMapper.WaveRow wave : m.waves(id)) {
                Map<String, Integer> byStatus = counts.getOrDefault(wave.number(), Map.of());
                int edges = byStatus.values().stream().mapToInt(Integer::intValue).sum();
                waves.add(new RolloutWave(wave.number(), edges, byStatus, wave.startedAt(), wave.settledAt(),
                        wave.finishedAt()));
            }
            return Optional.of(toRollout(row, waves));
        });
    }

    private static Rollout toRollout(RolloutMapper.RolloutRow row, List<RolloutWave> waves) {
        return new Rollout(row.id(), row.modelVersionId(), row.model(), row.selection(), JsonColumns.plan(row.plan()),
                row.state(), row.currentWave(), row.edgeCount(), row.skipped(), row.message(), row.streamId(), row.createdAt(),
                row.createdBy(), row.updatedAt(), row.finishedAt(), waves, row.agentReleaseId(), row.agentRelease());
    }

    @Override
    public Page<Rollout> list(RolloutState state, int limit, long offset) {
        return db.read(RolloutMapper.class, m -> new Page<>(
                m.list(state, limit, offset).stream().map(row -> toRollout(row, List.of())).toList(), m.count(state),
                limit, offset));
    }

    @Override
    public List<RolloutEdge> edges(long id, Integer wave) {
        return db.read(RolloutMapper.class, m -> m.edges(id, wave));
    }

    @Override
    public List<GateResult> gates(long id) {
        return db.read(RolloutMapper.class, m -> m.gates(id));
    }

    @Override
    public Optional<io.modelfleet.api.rollout.RolloutPlan> streamPlan(long streamId) {
        return db.read(RolloutMapper.class, m -> Optional.ofNullable(m.streamPlan(streamId)).map(JsonColumns::plan));
    }

    @Override
    public void setStreamPlan(long streamId, io.modelfleet.api.rollout.RolloutPlan plan, String actor, Instant now) {
        db.write(RolloutMapper.class, m -> plan == null ? m.clearStreamPlan(streamId)
                : m.setStreamPlan(streamId, JsonColumns.write(plan), actor, now));
    }

    @Override
    public boolean transition(long id, Set<RolloutState> from, RolloutState to, String message, Instant now) {
        return db.write(RolloutMapper.class, m -> m.transition(id, EnumSet.copyOf(from), to, message, now) > 0);
    }

    @Override
    public List<Long> claim(String owner, Instant now, Instant leaseUntil) {
        return db.write(RolloutMapper.class, m -> {
            m.claim(owner, now, leaseUntil);
            return m.owned(owner);
        });
    }

    @Override
    public boolean startWave(long id, String owner, int wave, String actor, Instant now) {
        return db.write(RolloutMapper.class, m -> {
            RolloutMapper.Lock lock = m.lock(id);
            if (lock == null || !"RUNNING".equals(lock.state()) || !owner.equals(lock.owner())
                    || lock.currentWave() >= wave) {
                return false;
            }
            // edges in id order, as every assignment locks them, so concurrent ones cannot deadlock
            m.lockWaveEdges(id, wave);
            if (lock.agentReleaseId() != null) {
                m.recordPreviousAgent(id, wave);
                m.insertAgentUpdates(id, wave, lock.agentReleaseId(), actor, now);
                m.linkAgentUpdates(id, wave);
                m.makeAgentCurrent(id, wave);
            } else {
                m.recordPrevious(id, wave);
                m.insertDeployments(id, wave, lock.modelVersionId(), actor, now);
                m.linkDeployments(id, wave);
                m.makeCurrent(id, wave);
            }
            m.rolloutEdgesChanged(id, wave, now);
            m.setCurrentWave(id, wave, now);
            m.waveStarted(id, wave, now);
            return true;
        });
    }

    @Override
    public List<EdgeDeployment> deployments(long id, int wave) {
        return db.read(RolloutMapper.class, m -> m.waveDeployments(id, wave));
    }

    @Override
    public List<WaveEdge> waveEdges(long id, int fromWave, int throughWave) {
        return db.read(RolloutMapper.class, m -> {
            Map<Long, Map<String, String>> tags = new HashMap<>();
            for (EdgeMapper.TagRow tag : m.waveTags(id, fromWave, throughWave)) {
                tags.computeIfAbsent(tag.edgeId(), e -> new TreeMap<>()).put(tag.tagKey(), tag.tagValue());
            }
            return m.waveEdges(id, fromWave, throughWave).stream()
                    .map(row -> new WaveEdge(row.edgeId(), row.edgeName(), row.target(), row.wave(), tags.get(row.edgeId()),
                            row.deploymentId(), row.status(), row.applied(), row.current()))
                    .toList();
        });
    }

    @Override
    public void markApplied(long id, Collection<Long> edgeIds) {
        if (edgeIds.isEmpty()) {
            return;
        }
        List<Long> all = List.copyOf(edgeIds);
        db.write(RolloutMapper.class, m -> {
            for (int from = 0; from < all.size(); from += INSERT_CHUNK) {
                m.markApplied(id, all.subList(from, Math.min(all.size(), from + INSERT_CHUNK)));
            }
            return null;
        });
    }

    @Override
    public boolean recordGates(long id, String owner, List<GateResult> results) {
        if (results.isEmpty()) {
            return true;
        }
        return db.write(RolloutMapper.class, m -> {
            if (m.holds(id, owner) == 0) {
                return false;
            }
            m.insertGates(id, results);
            return true;
        });
    }

    @Override
    public void settleWave(long id, int wave, Instant now) {
        db.write(RolloutMapper.class, m -> m.waveSettled(id, wave, now));
    }

    @Override
    public void finishWave(long id, int wave, Instant now) {
        db.write(RolloutMapper.class, m -> m.waveFinished(id, wave, now));
    }

    @Override
    public boolean finish(long id, String owner, RolloutState to, String message, Instant now) {
        return db.write(RolloutMapper.class, m -> m.finish(id, owner, to, message, now) > 0);
    }

    @Override
    public List<RolledBackEdge> rollback(long id, String actor, String detail, Instant now) {
        return db.write(RolloutMapper.class, m -> {
            RolloutMapper.Lock lock = m.lock(id);
            if (lock == null) {
                return List.of();
            }
            if (lock.agentReleaseId() != null) {
                return rollbackAgents(m, id, actor, detail, now);
            }
            List<RolloutMapper.MovedRow> moving = m.movable(id);
            if (moving.isEmpty()) {
                return List.of();
            }
            List<RolledBackEdge> moved = new ArrayList<>();
            List<Long> edgeIds = new ArrayList<>();
            for (RolloutMapper.MovedRow edge : moving) {
                edgeIds.add(edge.edgeId());
                if (edge.previousModelVersionId() == null) {
                    m.setDesired(edge.edgeId(), null);
                    moved.add(new RolledBackEdge(edge.edgeId(), null, null));
                } else {
                    EdgeMapper.Generated key = new EdgeMapper.Generated();
                    m.insertRollbackDeployment(key, id, edge.edgeId(), edge.previousModelVersionId(), detail, actor, now);
                    m.setRollbackDeployment(id, edge.edgeId(), key.id);
                    m.setDesired(edge.edgeId(), key.id);
                    moved.add(new RolledBackEdge(edge.edgeId(), key.id, edge.previousModelVersionId()));
                }
            }
            m.rolloutEdgesChanged(id, null, now);
            for (int from = 0; from < edgeIds.size(); from += INSERT_CHUNK) {
                m.markRolledBack(id, edgeIds.subList(from, Math.min(edgeIds.size(), from + INSERT_CHUNK)), detail, now);
            }
            return moved;
        });
    }

    private static List<RolledBackEdge> rollbackAgents(RolloutMapper m, long id, String actor, String detail,
            Instant now) {
        List<RolledBackEdge> moved = new ArrayList<>();
        List<Long> edgeIds = new ArrayList<>();
        for (RolloutMapper.MovedRow edge : m.movable(id)) {
            edgeIds.add(edge.edgeId());
            if (edge.previousAgentReleaseId() == null) {
                m.setDesiredAgent(edge.edgeId(), null);
                moved.add(new RolledBackEdge(edge.edgeId(), null, null));
            } else {
                EdgeMapper.Generated key = new EdgeMapper.Generated();
                m.insertRollbackAgentUpdate(key, id, edge.edgeId(), edge.previousAgentReleaseId(), detail, actor, now);
                m.setRollbackDeployment(id, edge.edgeId(), key.id);
                m.setDesiredAgent(edge.edgeId(), key.id);
                moved.add(new RolledBackEdge(edge.edgeId(), key.id, null));
            }
        }
        if (!moved.isEmpty()) {
            m.rolloutEdgesChanged(id, null, now);
        }
        for (int from = 0; from < edgeIds.size(); from += INSERT_CHUNK) {
            m.markAgentRolledBack(id, edgeIds.subList(from, Math.min(edgeIds.size(), from + INSERT_CHUNK)), detail, now);
        }
        return moved;
    }

    @Override
    public QualityStats quality(long id, int fromWave, int throughWave, String modelReference, Instant from,
            Instant to, double lowConfidenceThreshold) {
        return db.read(RolloutMapper.class, m -> stats(
                m.quality(id, fromWave, throughWave, modelReference, from, to, lowConfidenceThreshold),
                m.failures(id, fromWave, throughWave, modelReference, from, to)));
    }

    @Override
    public QualityStats previousQuality(long id, int fromWave, int throughWave, Instant from, Instant to,
            double lowConfidenceThreshold) {
        return db.read(RolloutMapper.class, m -> stats(
                m.previousQuality(id, fromWave, throughWave, from, to, lowConfidenceThreshold),
                m.previousFailures(id, fromWave, throughWave, from, to)));
    }

    private static QualityStats stats(RolloutMapper.StatsRow row, long failures) {
        return row == null ? new QualityStats(0, null, 0, failures)
                : new QualityStats(row.results(), row.meanScore(), row.lowConfidence(), failures);
    }
}
