package io.modelfleet.persistence;

import java.time.Instant;
import java.util.List;
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

    /**
     * Creates or updates a directory user at login: role, display name and email as the directory says now. A local
     * account of that name is returned unchanged (local accounts take precedence).
     */
    UserRecord upsertDirectoryUser(String username, String marker, Role role, String displayName, String email,
            Instant now);

    /** Sets role, disabled flag and password hash; null arguments keep the stored value. */
    void update(long userId, Role role, Boolean disabled, String passwordHash, Instant now);

    void recordLoginSuccess(long userId, Instant now);

    /**
     * Login throttling by key (the security bundle decides what a key is: client address, or address and username),
     * shared by every server through the database.
     *
     * @return the failures counted for the key, this one included; failures before {@code forgetBefore} restart
     *         the count
     */
    int countLoginFailure(String key, Instant now, Instant forgetBefore);

    /** Refuses logins under the key until then; never shortens an existing block. */
    void blockLogins(String key, Instant until);

    /** @return the latest block of any of the keys, or null */
    Instant loginsBlockedUntil(List<String> keys);

    void clearLoginFailures(String key);

    /** Forgets keys whose last failure is older than {@code forgetBefore} and that are not blocked now. */
    int deleteStaleLoginFailures(Instant now, Instant forgetBefore);

    Page<UserRecord> list(PageRequest page);

    long count();

    void insertSession(String tokenHash, long userId, Instant createdAt, Instant idleExpiresAt,
            Instant absoluteExpiresAt);

    /**
     * Starts a session only while the user's password hash is still {@code passwordHash}: a login checked against a
     * password that was changed meanwhile gets no session.
     *
     * @return false when the password changed
     */
    boolean insertSessionIfPassword(String tokenHash, long userId, String passwordHash, Instant createdAt,
            Instant idleExpiresAt, Instant absoluteExpiresAt);

    /**
     * Replaces the password hash only while it is still {@code expectedHash}, and with {@code endSessions} ends every
     * session of the user in the same transaction.
     *
     * @return false when the hash had changed meanwhile (nothing was written)
     */
    boolean replacePassword(long userId, String expectedHash, String newHash, boolean endSessions, Instant now);

    Optional<SessionRecord> findSession(String tokenHash);

    void touchSession(String tokenHash, Instant lastUsedAt, Instant idleExpiresAt);

    void deleteSession(String tokenHash);

    /** Ends every session of a user, e.g. after a password change or when the user is disabled. */
    void deleteSessionsOf(long userId);

    int deleteExpiredSessions(Instant now);
}
