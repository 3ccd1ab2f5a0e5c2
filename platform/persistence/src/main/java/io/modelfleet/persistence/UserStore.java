package io.modelfleet.persistence;

import java.time.Instant;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.modelfleet.api.Page;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.security.Role;

/** Users and login sessions. */
@ProviderType
public interface UserStore {

    Optional<UserRecord> findByUsername(String username);

    /** @throws io.modelfleet.api.ConflictException when the username is taken */
    UserRecord insert(String username, String passwordHash, Role role, Instant now);

    /** Sets role, disabled flag and password hash; null arguments keep the stored value. */
    void update(long userId, Role role, Boolean disabled, String passwordHash, Instant now);

    /** Sets the lockout; the failure count only ever grows here, so concurrent servers cannot lower it. */
    void recordLoginFailure(long userId, int failedLogins, Instant lockedUntil);

    /** Atomically counts one more failed login, across every server, and returns the new count. */
    int incrementFailedLogins(long userId);

    void recordLoginSuccess(long userId, Instant now);

    Page<UserRecord> list(PageRequest page);

    long count();

    void insertSession(String tokenHash, long userId, Instant createdAt, Instant idleExpiresAt,
            Instant absoluteExpiresAt);

    Optional<SessionRecord> findSession(String tokenHash);

    void touchSession(String tokenHash, Instant lastUsedAt, Instant idleExpiresAt);

    void deleteSession(String tokenHash);

    /** Ends every session of a user, e.g. after a password change or when the user is disabled. */
    void deleteSessionsOf(long userId);

    int deleteExpiredSessions(Instant now);
}
