package io.modelfleet.persistence;

import java.time.Instant;

import io.modelfleet.api.security.Role;

/** A login session joined with the current state of its user. */
public record SessionRecord(String tokenHash, long userId, String username, Role role, boolean userDisabled,
        Instant lastUsedAt, Instant idleExpiresAt, Instant absoluteExpiresAt) {
}
