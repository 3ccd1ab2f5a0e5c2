package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.ibatis.exceptions.PersistenceException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.Page;
import io.modelfleet.api.edge.DeviceInfo;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeQuery;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.EdgeUpdate;
import io.modelfleet.api.edge.EnrollmentToken;
import io.modelfleet.api.edge.FleetSummary;
import io.modelfleet.api.edge.Heartbeat;
import io.modelfleet.persistence.EdgeCredentialRecord;
import io.modelfleet.persistence.EdgeStore;
import io.modelfleet.persistence.NewEdgeRecord;

@Component(service = EdgeStore.class)
public final class MyBatisEdgeStore implements EdgeStore {
    /** Who created an edge: enrollment has no operator, the token id is on the row. */
    private static final String ENROLLMENT_ACTOR = "enrollment";

    private final Database db;

    /** The DS constructor; tests call it with a {@code TestDatabase}'s database. */
    @Activate
    public MyBatisEdgeStore(@Reference Database db) {
        this.db = db;
    }

    @Override
    public EnrollmentToken insertToken(String tokenHash, String description, int maxUses, Instant expiresAt,
            String createdBy, Instant now) {
        return db.write(EdgeMapper.class, m -> {
            EdgeMapper.Generated key = new EdgeMapper.Generated();
            m.insertToken(key, tokenHash, description, maxUses, expiresAt, createdBy, now);
            return m.findToken(key.id);
        });
    }

    @Override
    public List<EnrollmentToken> listTokens(boolean includeInactive, Instant now) {
        return db.read(EdgeMapper.class, m -> m.listTokens(includeInactive, now));
    }

    @Override
    public boolean revokeToken(long tokenId) {
        // a token revoked before still exists; with affected-row counts its UPDATE reports 0
        return db.write(EdgeMapper.class, m -> m.revokeToken(tokenId) > 0 || m.findToken(tokenId) != null);
    }

    @Override
    public Optional<Long> consumeToken(String tokenHash, Instant now) {
        return db.write(EdgeMapper.class,
                m -> m.consumeToken(tokenHash, now) == 1 ? Optional.of(m.tokenId(tokenHash)) : Optional.empty());
    }

    @Override
    public Optional<Long> insertEdge(NewEdgeRecord edge) {
        DeviceInfo device = edge.device() == null ? DeviceInfo.UNKNOWN : edge.device();
        try {
            return Optional.of(db.write(EdgeMapper.class, m -> {
                EdgeMapper.Generated key = new EdgeMapper.Generated();
                m.insertEdge(key, edge, device, JsonColumns.strings(device.runtimes()), ENROLLMENT_ACTOR);
                return key.id;
            }));
        } catch (PersistenceException e) {
            // the unique index decides, not a racy pre-check
            if (Database.isDuplicateKey(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<Long> registerEdge(io.modelfleet.api.edge.EdgeRegistration edge, String credentialHash,
            String actor, Instant now) {
        try {
            return Optional.of(db.write(EdgeMapper.class, m -> {
                EdgeMapper.Generated key = new EdgeMapper.Generated();
                m.registerEdge(key, edge, credentialHash, actor, now);
                if (!edge.tags().isEmpty()) {
                    m.insertTags(edge.tags().entrySet().stream()
                            .map(tag -> new EdgeMapper.TagRow(key.id, tag.getKey(), tag.getValue())).toList());
                }
                return key.id;
            }));
        } catch (PersistenceException e) {
            if (Database.isDuplicateKey(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public boolean setCredential(long edgeId, String credentialHash, String actor, Instant now) {
        return db.write(EdgeMapper.class, m -> changed(m, edgeId, m.setCredential(edgeId, credentialHash, actor, now), now));
    }

    @Override
    public Optional<EdgeCredentialRecord> credential(long edgeId) {
        return Optional.ofNullable(db.read(EdgeMapper.class, m -> m.credential(edgeId)));
    }

    @Override
    public Optional<Edge> findEdge(long edgeId, Instant onlineSince) {
        return db.read(EdgeMapper.class, m -> {
            EdgeRow row = m.findEdge(edgeId, onlineSince);
            return row == null ? Optional.empty()
                    : Optional.of(row.toEdge(tagsOf(m, List.of(edgeId)).getOrDefault(edgeId, Map.of())));
        });
    }

    @Override
    public Page<Edge> listEdges(EdgeQuery query, Instant onlineSince) {
        String search = query.search() == null ? null : "%" + escapeLike(query.search()) + "%";
        return db.read(EdgeMapper.class, m -> {
            List<EdgeRow> rows = m.listEdges(query, search, onlineSince);
            Map<Long, Map<String, String>> tags = tagsOf(m, rows.stream().map(EdgeRow::id).toList());
            List<Edge> edges = rows.stream().map(row -> row.toEdge(tags.getOrDefault(row.id(), Map.of()))).toList();
            return new Page<>(edges, m.countEdges(query, search, onlineSince), query.page().limit(),
                    query.page().offset());
        });
    }

    /**
     * LIKE treats % and _ as wildcards; a search for "line_3" means exactly that. The escape character is '!' rather
     * than the default backslash, whose meaning changes with the NO_BACKSLASH_ESCAPES SQL mode.
     */
    static String escapeLike(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    /** The tags of many edges in one query. */
    private static Map<Long, Map<String, String>> tagsOf(EdgeMapper mapper, List<Long> ids) {
        Map<Long, Map<String, String>> tags = new HashMap<>();
        if (!ids.isEmpty()) {
            for (EdgeMapper.TagRow tag : mapper.tags(ids)) {
                tags.computeIfAbsent(tag.edgeId(), id -> new TreeMap<>()).put(tag.tagKey(), tag.tagValue());
            }
        }
        return tags;
    }

    @Override
    public void recordHeartbeat(long edgeId, Heartbeat heartbeat, Instant seenAt) {
        String runtimes = heartbeat.device() == null ? null : JsonColumns.strings(heartbeat.device().runtimes());
        db.write(EdgeMapper.class, m -> {
            m.recordHeartbeat(edgeId, heartbeat, runtimes, seenAt);
            return null;
        });
    }

    @Override
    public void touchLastSeen(Map<Long, Instant> lastSeen) {
        if (!lastSeen.isEmpty()) {
            // sorted ids: concurrent batches lock rows in the same order and cannot deadlock each other
            db.batch(EdgeMapper.class, m -> new TreeMap<>(lastSeen).forEach(m::touchLastSeen));
        }
    }

    @Override
    public boolean updateEdge(long edgeId, EdgeUpdate update, String actor, Instant now) {
        try {
            return db.write(EdgeMapper.class, m -> {
                if (m.updateEdge(edgeId, update.name(), update.description(), update.location(), update.target(), actor, now) == 0) {
                    return false;
                }
                if (update.tags() != null) {
                    m.deleteTags(edgeId);
                    if (!update.tags().isEmpty()) {
                        m.insertTags(update.tags().entrySet().stream()
                                .map(tag -> new EdgeMapper.TagRow(edgeId, tag.getKey(), tag.getValue())).toList());
                    }
                }
                return true;
            });
        } catch (PersistenceException e) {
            if (Database.isDuplicateKey(e)) {
                throw new ConflictException("an edge named '" + update.name() + "' already exists");
            }
            throw e;
        }
    }

    @Override
    public boolean updateState(long edgeId, EdgeState state, String actor, Instant now) {
        return db.write(EdgeMapper.class, m -> changed(m, edgeId, m.updateState(edgeId, state, actor, now), now));
    }

    /** Records the change in the edge change feed when the update found the edge. */
    private static boolean changed(EdgeMapper m, long edgeId, int updated, Instant now) {
        if (updated > 0) {
            m.edgeChanged(edgeId, now);
        }
        return updated > 0;
    }

    @Override
    public FleetSummary summary(Instant onlineSince) {
        Map<EdgeState, Long> byState = new EnumMap<>(EdgeState.class);
        for (EdgeState state : EdgeState.values()) {
            byState.put(state, 0L);
        }
        long total = 0;
        long online = 0;
        for (EdgeMapper.StateCount count : db.read(EdgeMapper.class, m -> m.summary(onlineSince))) {
            byState.put(count.state(), count.total());
            total += count.total();
            online += count.online();
        }
        return new FleetSummary(total, byState, online, total - online);
    }

    @Override
    public Optional<String> deleteEdge(long edgeId, boolean removeData, String actor, Instant now) {
        return db.write(EdgeMapper.class, m -> {
            String name = m.lockEdgeName(edgeId);
            if (name == null) {
                return Optional.<String>empty();
            }
            m.deleteEdgePolicy(edgeId);
            m.deleteEdgeSettings(edgeId);
            m.deleteEdge(edgeId);
            m.edgeChanged(edgeId, now);
            if (removeData) {
                m.queuePurge(edgeId, name, actor, now);
            }
            return Optional.of(name);
        });
    }

    @Override
    public List<Long> edgesToPurge(int limit) {
        return db.read(EdgeMapper.class, m -> m.edgesToPurge(limit));
    }

    /**
     * Everything an edge sent, table by table, each batch committed on its own (auto-commit), so a large fleet's
     * ingest never waits long on these deletes. Tables added later that keep rows per edge belong here.
     */
    @Override
    public int purgeEdgeData(long edgeId, int batch) {
        return db.read(EdgeMapper.class, m -> m.purgeResults(edgeId, batch) + m.purgeSamples(edgeId, batch)
                + m.purgeEvents(edgeId, batch) + m.purgeRollups(edgeId, batch));
    }

    @Override
    public boolean finishPurge(long edgeId, Instant requestedBefore) {
        return db.write(EdgeMapper.class, m -> m.finishPurge(edgeId, requestedBefore)) > 0;
    }
}
