package io.modelfleet.api.security;

import java.time.Instant;

import io.modelfleet.api.PageRequest;
import io.modelfleet.api.Validation;

/** Filters for the audit log; null means "any". Newest first. */
public record AuditQuery(String actor, String targetType, String targetId, Instant from, Instant to,
        PageRequest page) {
    public AuditQuery {
        Validation.optional("actor", actor, 128);
        Validation.optional("targetType", targetType, 64);
        Validation.optional("targetId", targetId, 128);
        page = page == null ? PageRequest.of(null, null) : page;
    }
}
