package io.modelfleet.api.security;

import java.time.Instant;

/** A login session: the bearer token, whose hash alone is stored, and its two expiries. */
public record Session(String token, String username, Role role, Instant idleExpiresAt, Instant absoluteExpiresAt) {
}
