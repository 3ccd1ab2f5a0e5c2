package io.modelfleet.persistence;

import java.time.Instant;

import io.modelfleet.api.security.Role;
import io.modelfleet.api.security.User;

/** A user row including the password hash the security bundle needs. */
public record UserRecord(long id, String username, String passwordHash, Role role, boolean disabled,
        Instant createdAt, Instant lastLoginAt) {

    public User toUser() {
        return new User(id, username, role, disabled, createdAt, lastLoginAt);
    }
}
