package io.modelfleet.api.security;

import org.osgi.annotation.versioning.ProviderType;

import io.modelfleet.api.Page;

/** Append-only record of every change made through any interface. */
@ProviderType
public interface AuditLog {

    void record(String actor, String action, String targetType, String targetId, String detail);

    Page<AuditEntry> query(AuditQuery query);
}
