package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.modelfleet.persistence.EdgeChange;
import io.modelfleet.persistence.EdgeChangeStore;

@Component(service = EdgeChangeStore.class)
public final class MyBatisEdgeChangeStore implements EdgeChangeStore {
    private final Database db;

    @Activate
    public MyBatisEdgeChangeStore(@Reference Database db) {
        this.db = db;
    }

    @Override
    public long latestChangeId() {
        return db.read(EdgeChangeMapper.class, EdgeChangeMapper::latestChangeId);
    }

    @Override
    public List<EdgeChange> changesAfter(long afterId, Collection<Long> missing, int limit) {
        return db.read(EdgeChangeMapper.class, m -> m.changesAfter(afterId, missing, limit));
    }

    @Override
    public List<Long> rolloutEdges(long rolloutId, Integer wave) {
        return db.read(EdgeChangeMapper.class, m -> m.rolloutEdges(rolloutId, wave));
    }

    @Override
    public int deleteChangesBefore(Instant before, int limit) {
        return db.write(EdgeChangeMapper.class, m -> m.deleteChangesBefore(before, limit));
    }
}
