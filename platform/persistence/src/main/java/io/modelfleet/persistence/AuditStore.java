package io.modelfleet.persistence;

import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

import io.modelfleet.api.Page;
import io.modelfleet.api.security.AuditEntry;
import io.modelfleet.api.security.AuditQuery;

/** The append-only audit table. */
@ProviderType
public interface AuditStore {

    void insert(Instant at, String actor, String action, String targetType, String targetId, String detail);

    Page<AuditEntry> query(AuditQuery query);
}
