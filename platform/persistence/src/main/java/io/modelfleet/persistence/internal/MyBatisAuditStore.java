package io.modelfleet.persistence.internal;

import java.time.Instant;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.modelfleet.api.Page;
import io.modelfleet.api.security.AuditEntry;
import io.modelfleet.api.security.AuditQuery;
import io.modelfleet.persistence.AuditStore;

@Component(service = AuditStore.class)
public final class MyBatisAuditStore implements AuditStore {
    private final Database db;

    /** The DS constructor; tests call it with a {@code TestDatabase}'s database. */
    @Activate
    public MyBatisAuditStore(@Reference Database db) {
        this.db = db;
    }

    @Override
    public void insert(Instant at, String actor, String action, String targetType, String targetId, String detail) {
        db.write(AuditMapper.class, m -> {
            m.insert(at, actor, action, targetType, targetId, detail);
            return null;
        });
    }

    @Override
    public Page<AuditEntry> query(AuditQuery query) {
        return db.read(AuditMapper.class, m -> new Page<>(m.query(query), m.count(query), query.page().limit(),
                query.page().offset()));
    }
}
