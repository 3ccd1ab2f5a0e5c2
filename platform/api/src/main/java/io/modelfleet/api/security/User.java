package io.modelfleet.api.security;

import java.time.Instant;

/**
 * An operator account; the password hash never leaves the security bundle. Directory accounts ({@code directory})
 * sign in with the company directory's password; their role, display name and email are synced at each login.
 */
public record User(long id, String username, Role role, boolean disabled, Instant createdAt, Instant lastLoginAt,
        boolean directory, String displayName, String email) {

    /** A local account. */
    public User(long id, String username, Role role, boolean disabled, Instant createdAt, Instant lastLoginAt) {
        this(id, username, role, disabled, createdAt, lastLoginAt, false, null, null);
    }
}
