package io.modelfleet.persistence;

import java.time.Instant;

import io.modelfleet.api.security.Role;
import io.modelfleet.api.security.User;

/**
 * A user row including the password hash the security bundle needs. Directory users ({@code directory}) have a
 * marker instead of a hash, and their role, display name and email come from the directory at each login.
 */
public record UserRecord(long id, String username, String passwordHash, Role role, boolean disabled,
        Instant createdAt, Instant lastLoginAt, boolean directory, String displayName, String email) {

    public User toUser() {
        return new User(id, username, role, disabled, createdAt, lastLoginAt, directory, displayName, email);
    }

    /** The same user with another password hash. */
    public UserRecord withPasswordHash(String hash) {
        return new UserRecord(id, username, hash, role, disabled, createdAt, lastLoginAt, directory, displayName, email);
    }
}
