package io.modelfleet.security.internal;

import java.time.Clock;
import java.time.temporal.ChronoUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.modelfleet.api.Page;
import io.modelfleet.api.Validation;
import io.modelfleet.api.security.AuditEntry;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.api.security.AuditQuery;
import io.modelfleet.persistence.AuditStore;

/**
 * The audit log in the database. Actor, action and target are what the log is searched by, so one that does not fit
 * its column is refused with a clear message; the free-text detail is cut instead, because the change it describes
 * has already happened and losing the end of a description beats losing the entry.
 */
@Component(service = AuditLog.class)
public final class DbAuditLog implements AuditLog {
    static final int MAX_DETAIL = 4000;

    private final AuditStore store;
    private final Clock clock;

    @Activate
    public DbAuditLog(@Reference AuditStore store) {
        this(store, Clock.systemUTC());
    }

    DbAuditLog(AuditStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void record(String actor, String action, String targetType, String targetId, String detail) {
        Validation.required("actor", actor, 128);
        Validation.required("action", action, 64);
        Validation.optional("targetType", targetType, 64);
        Validation.optional("targetId", targetId, 128);
        store.insert(clock.instant().truncatedTo(ChronoUnit.MILLIS), actor, action, targetType, targetId,
                truncate(detail));
    }

    @Override
    public Page<AuditEntry> query(AuditQuery query) {
        return store.query(query);
    }

    static String truncate(String detail) {
        if (detail == null || detail.length() <= MAX_DETAIL) {
            return detail;
        }
        int end = MAX_DETAIL - 1;
        // never cut a surrogate pair in half: the column would receive an invalid character
        if (Character.isHighSurrogate(detail.charAt(end - 1))) {
            end--;
        }
        return detail.substring(0, end) + "…";
    }
}
