package io.modelfleet.security.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.modelfleet.api.AccessDeniedException;
import io.modelfleet.api.ConflictException;
import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.Page;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.TooManyRequestsException;
import io.modelfleet.api.UnauthenticatedException;
import io.modelfleet.api.Validation;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.api.security.Caller;
import io.modelfleet.api.security.NewUser;
import io.modelfleet.api.security.Role;
import io.modelfleet.api.security.Session;
import io.modelfleet.api.security.User;
import io.modelfleet.api.security.UserService;
import io.modelfleet.api.security.UserUpdate;
import io.modelfleet.persistence.SessionRecord;
import io.modelfleet.persistence.UserRecord;
import io.modelfleet.persistence.UserStore;

/**
 * Local operator accounts with PBKDF2 passwords, and opaque session tokens of which only the SHA-256 is stored: a copy
 * of the database holds no usable credential, and logout or disabling a user takes effect at once on every server.
 * Immediate, so the first administrator exists as soon as the database does, whether or not anything uses the
 * service yet.
 */
@Component(service = UserService.class, immediate = true, configurationPid = SecurityConfiguration.PID)
@Designate(ocd = SecurityConfiguration.class)
public final class LocalUserService implements UserService {
    static final String TOKEN_PREFIX = "mfs_";
    static final String SYSTEM = "system";
    static final String USER = "user";
    static final Duration MAX_LOCKOUT = Duration.ofMinutes(15);
    /** An hour without failures under a key and its count starts again. */
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    /** The idle expiry is written at most this often per session: one write a minute, not one per request. */
    static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    private static final String WRONG_CREDENTIALS = "wrong username or password";
    /** The password hash of directory users: not a hash, so no password verifies it locally. */
    static final String DIRECTORY_MARKER = "!directory";
    private static final int LOGIN_STRIPES = 64;
    private static final String NO_SESSION = "unknown or expired session; log in again";
    private static final Logger LOG = LoggerFactory.getLogger(LocalUserService.class);

    private final UserStore store;
    private final AuditLog audit;
    private final LdapDirectory directory;
    private final Clock clock;
    private final Duration idle;
    private final Duration absolute;
    private final int maxFailedLogins;
    private final int maxFailedLoginsPerAddress;
    private final Duration lockoutBase;
    private final Object[] loginStripes = new Object[LOGIN_STRIPES];
    private final ScheduledExecutorService cleaner;

    @Activate
    public LocalUserService(@Reference UserStore store, @Reference AuditLog audit, @Reference LdapDirectory directory,
            SecurityConfiguration config) {
        this(store, audit, directory, config, Clock.systemUTC());
    }

    /** Without a directory: local accounts only. */
    LocalUserService(UserStore store, AuditLog audit, SecurityConfiguration config, Clock clock) {
        this(store, audit, new LdapDirectory(LdapDirectory.disabled()), config, clock);
    }

    LocalUserService(UserStore store, AuditLog audit, LdapDirectory directory, SecurityConfiguration config,
            Clock clock) {
        this.store = store;
        this.audit = audit;
        this.directory = directory;
        this.clock = clock;
        this.idle = Duration.ofMinutes(positive("sessionIdleMinutes", config.sessionIdleMinutes()));
        this.absolute = Duration.ofHours(positive("sessionAbsoluteHours", config.sessionAbsoluteHours()));
        this.maxFailedLogins = positive("maxFailedLogins", config.maxFailedLogins());
        this.maxFailedLoginsPerAddress = positive("maxFailedLoginsPerAddress", config.maxFailedLoginsPerAddress());
        this.lockoutBase = Duration.ofSeconds(positive("lockoutBaseSeconds", config.lockoutBaseSeconds()));
        for (int i = 0; i < LOGIN_STRIPES; i++) {
            loginStripes[i] = new Object();
        }
        bootstrapAdmin(config.adminUsername(), config._adminPassword());
        // started last, so a failed activation leaves no thread behind
        this.cleaner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "modelfleet-session-cleanup");
            thread.setDaemon(true);
            return thread;
        });
        cleaner.scheduleWithFixedDelay(this::cleanUpSafely, 1, 10, TimeUnit.MINUTES);
    }

    @Deactivate
    void deactivate() {
        cleaner.shutdownNow();
    }

    private static int positive(String property, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(
                    property + " in " + SecurityConfiguration.PID + " must be at least 1, was " + value);
        }
        return value;
    }

    /**
     * Creates the first administrator when there are no users at all. Servers starting together may all see an empty
     * table; the unique username lets exactly one insert win and the others take the conflict as "already done".
     */
    private void bootstrapAdmin(String username, String configuredPassword) {
        if (store.count() > 0) {
            return;
        }
        boolean generated = configuredPassword == null || configuredPassword.isEmpty();
        String password = generated ? PasswordHasher.randomUrlSafe(15) : configuredPassword;
        try {
            Validation.name("adminUsername", username, 64);
            NewUser.checkPassword(password);
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException(
                    "cannot create the first administrator from " + SecurityConfiguration.PID + ": " + e.detail(), e);
        }
        try {
            store.insert(username, PasswordHasher.hash(password), Role.ADMIN, now());
        } catch (ConflictException anotherServerWon) {
            return;
        }
        audit.record(SYSTEM, "user.create", USER, username, "role=ADMIN, first administrator");
        if (generated) {
            LOG.warn("Created the first administrator '{}' with password {} — change it; it is shown only this once",
                    username, password);
        } else {
            LOG.info("Created the first administrator '{}' with the password from {}", username,
                    SecurityConfiguration.PID);
        }
    }

    /**
     * Failures are counted per (client address, username) and per client address, never per account: guesses from
     * one place slow down that place, and a real user elsewhere logs in as usual. Known and unknown usernames go the
     * same way (a dummy hash for unknown ones), so the answers tell nothing about which accounts exist.
     */
    @Override
    public Session login(String username, String password, String clientAddress) {
        return startSession(verified(username, password, clientAddress));
    }

    @Override
    public User verifyPassword(String username, String password, String clientAddress) {
        return verified(username, password, clientAddress).toUser();
    }

    private UserRecord verified(String username, String password, String clientAddress) {
        String address = clientAddress == null || clientAddress.isBlank() ? "unknown" : clientAddress;
        String name = username == null ? "" : username.toLowerCase(Locale.ROOT);
        String pairKey = PasswordHasher.sha256Hex("user|" + address + "|" + name);
        String addressKey = PasswordHasher.sha256Hex("address|" + address);
        UserRecord user;
        // one attempt per username and address at a time in this server: parallel guesses cannot all slip in
        // before the first failures block the rest
        synchronized (loginStripes[Math.floorMod(pairKey.hashCode(), LOGIN_STRIPES)]) {
            user = checkPassword(username, password, name, pairKey, addressKey, address);
        }
        // hashes from a time of fewer iterations are upgraded while the plain password is at hand
        if (!user.directory() && PasswordHasher.needsRehash(user.passwordHash())) {
            // only over the hash just checked: a password changed meanwhile stays changed
            String rehashed = PasswordHasher.hash(password);
            if (store.replacePassword(user.id(), user.passwordHash(), rehashed, false, now())) {
                return user.withPasswordHash(rehashed);
            }
        }
        return user;
    }

    private UserRecord checkPassword(String username, String password, String name, String pairKey,
            String addressKey, String address) {
        Instant now = now();
        Instant blockedUntil = store.loginsBlockedUntil(List.of(pairKey, addressKey));
        if (blockedUntil != null && now.isBefore(blockedUntil)) {
            long millis = Duration.between(now, blockedUntil).toMillis();
            throw new TooManyRequestsException("too many failed logins from here; try again later",
                    (millis + 999) / 1000);
        }
        UserRecord user = name.isEmpty() ? null : store.findByUsername(username).orElse(null);
        // local accounts first, so a local administrator signs in whatever the directory does
        if ((user == null || user.directory()) && !name.isEmpty() && directory.enabled()) {
            return checkWithDirectory(username, password, user, pairKey, addressKey, address, now);
        }
        boolean verified = user == null || user.directory() ? PasswordHasher.dummyVerify(password)
                : PasswordHasher.verify(password, user.passwordHash());
        if (!verified || user.disabled()) {
            countFailure(pairKey, maxFailedLogins, now, address + " as '" + clip(name) + "'");
            countFailure(addressKey, maxFailedLoginsPerAddress, now, address);
            throw new UnauthenticatedException(WRONG_CREDENTIALS);
        }
        store.clearLoginFailures(pairKey);
        store.recordLoginSuccess(user.id(), now);
        return user;
    }

    private UserRecord checkWithDirectory(String username, String password, UserRecord known, String pairKey,
            String addressKey, String address, Instant now) {
        // throws 503 when the directory is down: a directory user cannot be told "wrong password" then
        LdapDirectory.Account account = directory.authenticate(username, password);
        String refusal = account == null ? null
                : account.disabled() ? "disabled in the directory"
                : account.role() == null ? "in no directory group mapped to a role"
                : known != null && known.disabled() ? "disabled in ModelFleet" : null;
        if (account == null || refusal != null) {
            if (refusal != null) {
                audit.record(SYSTEM, "login.refused", USER, username, "directory account " + refusal);
            }
            countFailure(pairKey, maxFailedLogins, now, address + " as '" + clip(username.toLowerCase(Locale.ROOT)) + "'");
            countFailure(addressKey, maxFailedLoginsPerAddress, now, address);
            throw new UnauthenticatedException(WRONG_CREDENTIALS);
        }
        UserRecord user = store.upsertDirectoryUser(username, DIRECTORY_MARKER, account.role(),
                clipped(account.displayName()), clipped(account.email()), now);
        if (!user.directory()) {
            // a local account of that name appeared meanwhile: it is not the directory's to sign in
            throw new UnauthenticatedException(WRONG_CREDENTIALS);
        }
        if (known == null || known.role() != user.role()) {
            audit.record(SYSTEM, known == null ? "user.directory.create" : "user.directory.role", USER, username,
                    "role " + user.role() + " from directory groups");
        }
        store.clearLoginFailures(pairKey);
        store.recordLoginSuccess(user.id(), now);
        return user;
    }

    private static String clipped(String value) {
        return value == null || value.length() <= 256 ? value : value.substring(0, 256);
    }

    private void countFailure(String key, int limit, Instant now, String target) {
        // counted in the database, so guesses spread over several servers all count
        int failures = store.countLoginFailure(key, now, now.minus(FORGET_AFTER));
        if (failures < limit) {
            return;
        }
        Duration block = lockout(failures, limit);
        store.blockLogins(key, now.plus(block));
        audit.record(SYSTEM, "login.throttle", "login", target,
                "logins refused for " + block.toSeconds() + " s after " + failures + " failures");
    }

    /** The base at the limit, doubled with every further failure, never above {@link #MAX_LOCKOUT}. */
    Duration lockout(int failures, int limit) {
        int doublings = Math.min(failures - limit, 20); // 2^20 times any base is past the cap
        Duration lockout = lockoutBase.multipliedBy(1L << doublings);
        return lockout.compareTo(MAX_LOCKOUT) > 0 ? MAX_LOCKOUT : lockout;
    }

    private static String clip(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }

    private Session startSession(UserRecord user) {
        String token = TOKEN_PREFIX + PasswordHasher.randomUrlSafe(32);
        Instant now = now();
        Instant absoluteExpiry = now.plus(absolute);
        Instant idleExpiry = earliest(now.plus(idle), absoluteExpiry);
        if (!store.insertSessionIfPassword(PasswordHasher.sha256Hex(token), user.id(), user.passwordHash(), now,
                idleExpiry, absoluteExpiry)) {
            // the password changed after it was checked: what was checked no longer signs anyone in
            throw new UnauthenticatedException(WRONG_CREDENTIALS);
        }
        return new Session(token, user.username(), user.role(), idleExpiry, absoluteExpiry);
    }

    @Override
    public Caller authenticate(String sessionToken) {
        if (sessionToken == null || !sessionToken.startsWith(TOKEN_PREFIX)) {
            throw new UnauthenticatedException("not a session token; log in first");
        }
        String hash = PasswordHasher.sha256Hex(sessionToken);
        SessionRecord session = store.findSession(hash).orElseThrow(() -> new UnauthenticatedException(NO_SESSION));
        Instant now = now();
        if (session.userDisabled() || !now.isBefore(session.idleExpiresAt())
                || !now.isBefore(session.absoluteExpiresAt())) {
            store.deleteSession(hash);
            throw new UnauthenticatedException(NO_SESSION);
        }
        if (Duration.between(session.lastUsedAt(), now).compareTo(TOUCH_INTERVAL) >= 0) {
            store.touchSession(hash, now, earliest(now.plus(idle), session.absoluteExpiresAt()));
        }
        return Caller.user(session.username(), session.role());
    }

    @Override
    public void logout(String sessionToken) {
        if (sessionToken != null && sessionToken.startsWith(TOKEN_PREFIX)) {
            store.deleteSession(PasswordHasher.sha256Hex(sessionToken));
        }
    }

    @Override
    public Session changeOwnPassword(String username, String currentPassword, String newPassword,
            String clientAddress) {
        NewUser.checkPassword(newPassword);
        UserRecord user;
        try {
            user = verified(username, currentPassword == null ? "" : currentPassword, clientAddress);
        } catch (UnauthenticatedException e) {
            // the caller is signed in: a 401 would read as "your session ended"
            throw new AccessDeniedException("the current password is wrong");
        }
        if (newPassword.equals(currentPassword)) {
            throw new InvalidInputException("the new password must differ from the current one");
        }
        if (user.directory()) {
            throw new ConflictException("your password is the company directory's; change it there");
        }
        String newHash = PasswordHasher.hash(newPassword);
        // a session someone else holds may be why the password changes: all end in the same transaction, and only
        // over the hash just checked (a login checked against it meanwhile gets no session: startSession)
        if (!store.replacePassword(user.id(), user.passwordHash(), newHash, true, now())) {
            throw new ConflictException("the password was changed meanwhile; sign in again");
        }
        audit.record(user.username(), "user.password", USER, user.username(), "changed by the user");
        return startSession(user.withPasswordHash(newHash));
    }

    @Override
    public User create(NewUser user, String actor) {
        UserRecord created = store.insert(user.username(), PasswordHasher.hash(user.password()), user.role(), now());
        audit.record(actor, "user.create", USER, user.username(), "role=" + user.role());
        return created.toUser();
    }

    @Override
    public User update(String username, UserUpdate update, String actor) {
        UserRecord user = find(username);
        Role role = update.role() != null && update.role() != user.role() ? update.role() : null;
        Boolean disabled = update.disabled() != null && update.disabled() != user.disabled() ? update.disabled() : null;
        String password = update.password();
        if (role == null && disabled == null && password == null) {
            return user.toUser();
        }
        if (user.username().equals(actor) && (Boolean.TRUE.equals(disabled) || role != null)) {
            // the one mistake that can leave nobody able to administer the server
            throw new ConflictException("you cannot disable your own account or change your own role; "
                    + "ask another administrator");
        }
        store.update(user.id(), role, disabled, password == null ? null : PasswordHasher.hash(password), now());
        if (password != null || Boolean.TRUE.equals(disabled)) {
            // whoever holds a session may be the reason for the change
            store.deleteSessionsOf(user.id());
        }
        if (role != null) {
            audit.record(actor, "user.role", USER, username, user.role() + " -> " + role);
        }
        if (disabled != null) {
            audit.record(actor, disabled ? "user.disable" : "user.enable", USER, username, null);
        }
        if (password != null) {
            audit.record(actor, "user.password", USER, username, null);
        }
        return find(username).toUser();
    }

    @Override
    public User get(String username) {
        return find(username).toUser();
    }

    private UserRecord find(String username) {
        return store.findByUsername(username)
                .orElseThrow(() -> new NotFoundException("user '" + username + "' does not exist"));
    }

    @Override
    public Page<User> list(PageRequest page) {
        Page<UserRecord> records = store.list(page);
        return new Page<>(records.items().stream().map(UserRecord::toUser).toList(), records.total(),
                records.limit(), records.offset());
    }

    /** Sessions are checked for expiry on use; this only keeps abandoned ones from piling up. */
    int deleteExpiredSessions() {
        return store.deleteExpiredSessions(now());
    }

    private void cleanUpSafely() {
        try {
            Instant now = now();
            LOG.debug("Deleted {} expired sessions and {} stale login throttles", deleteExpiredSessions(),
                    store.deleteStaleLoginFailures(now, now.minus(FORGET_AFTER)));
        } catch (RuntimeException e) {
            // an exception would cancel the schedule; the next run tries again
            LOG.warn("Could not delete expired sessions", e);
        }
    }

    /** The database keeps milliseconds; what is returned and compared must be exactly what is stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
