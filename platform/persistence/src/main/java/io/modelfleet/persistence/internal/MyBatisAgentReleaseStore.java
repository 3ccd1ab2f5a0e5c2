package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.ibatis.exceptions.PersistenceException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.core.type.TypeReference;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.Page;
import io.modelfleet.api.agent.AgentBundle;
import io.modelfleet.api.agent.AgentRelease;
import io.modelfleet.api.agent.AgentUpdate;
import io.modelfleet.api.deployment.AgentSettings;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;
import io.modelfleet.persistence.AgentReleaseStore;

@Component(service = AgentReleaseStore.class)
public final class MyBatisAgentReleaseStore implements AgentReleaseStore {
    private static final String FLEET = "FLEET";
    private static final String EDGE = "EDGE";
    private static final TypeReference<List<AgentBundle>> BUNDLES = new TypeReference<>() {
    };

    private final Database db;

    @Activate
    public MyBatisAgentReleaseStore(@Reference Database db) {
        this.db = db;
    }

    @Override
    public AgentRelease insert(String version, String sha256, long sizeBytes, List<AgentBundle> bundles, String notes,
            String actor, Instant now) {
        try {
            return db.write(AgentReleaseMapper.class, m -> {
                EdgeMapper.Generated key = new EdgeMapper.Generated();
                m.insert(key, version, sha256, sizeBytes, JsonColumns.write(bundles), notes, actor, now);
                return release(m.find(key.id));
            });
        } catch (PersistenceException e) {
            if (Database.isDuplicateKey(e)) {
                throw new ConflictException("agent release " + version + " exists already; give the new one its own version");
            }
            throw e;
        }
    }

    private static AgentRelease release(AgentReleaseMapper.ReleaseRow row) {
        return new AgentRelease(row.id(), row.version(), row.sha256(), row.sizeBytes(),
                JsonColumns.read(row.bundles(), BUNDLES), row.notes(), row.createdAt(), row.createdBy());
    }

    @Override
    public Optional<AgentRelease> find(long id) {
        return db.read(AgentReleaseMapper.class, m -> Optional.ofNullable(m.find(id)).map(MyBatisAgentReleaseStore::release));
    }

    @Override
    public Page<AgentRelease> list(int limit, long offset) {
        return db.read(AgentReleaseMapper.class, m -> new Page<>(m.list(limit, offset).stream()
                .map(MyBatisAgentReleaseStore::release).toList(), m.count(), limit, offset));
    }

    @Override
    public Optional<AgentUpdate> findUpdate(long updateId) {
        return db.read(AgentReleaseMapper.class, m -> Optional.ofNullable(m.findUpdate(updateId)));
    }

    @Override
    public List<AgentUpdate> forEdge(long edgeId, int limit) {
        return db.read(AgentReleaseMapper.class, m -> m.forEdge(edgeId, limit));
    }

    @Override
    public boolean updateStatus(long edgeId, long updateId, EdgeDeploymentStatus status, String detail, Instant now) {
        return db.write(AgentReleaseMapper.class, m -> m.updateStatus(edgeId, updateId, status, detail, now) > 0
                || m.owns(edgeId, updateId) > 0);
    }

    @Override
    public AgentSettings fleetSettings() {
        return settings(FLEET, 0);
    }

    @Override
    public AgentSettings edgeSettings(long edgeId) {
        return settings(EDGE, edgeId);
    }

    private AgentSettings settings(String type, long id) {
        AgentReleaseMapper.SettingsRow row = db.read(AgentReleaseMapper.class, m -> m.settings(type, id));
        return row == null ? AgentSettings.NONE
                : new AgentSettings(row.heartbeatSeconds(), row.pollSeconds(), row.updateHealthSeconds());
    }

    @Override
    public void setFleetSettings(AgentSettings settings, String actor, Instant now) {
        set(FLEET, 0, settings, actor, now);
    }

    @Override
    public void setEdgeSettings(long edgeId, AgentSettings settings, String actor, Instant now) {
        set(EDGE, edgeId, settings, actor, now);
    }

    private void set(String type, long id, AgentSettings settings, String actor, Instant now) {
        db.write(AgentReleaseMapper.class, m -> {
            if (settings == null || settings.isEmpty()) {
                m.clearSettings(type, id);
            } else {
                m.setSettings(type, id, settings, actor, now);
            }
            // the fleet's settings reach every edge without settings of its own
            return EDGE.equals(type) ? m.edgeChanged(id, now) : m.everyEdgeChanged(now);
        });
    }
}
