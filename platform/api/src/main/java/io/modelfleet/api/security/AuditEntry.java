package io.modelfleet.api.security;

import java.time.Instant;

/** One recorded change: who did what to which object, and when. */
public record AuditEntry(long id, Instant at, String actor, String action, String targetType, String targetId,
        String detail) {
}
