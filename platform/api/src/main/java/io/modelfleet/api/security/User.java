package io.modelfleet.api.security;

import java.time.Instant;

/** An operator account; the password hash never leaves the security bundle. */
public record User(long id, String username, Role role, boolean disabled, Instant createdAt, Instant lastLoginAt) {
}
