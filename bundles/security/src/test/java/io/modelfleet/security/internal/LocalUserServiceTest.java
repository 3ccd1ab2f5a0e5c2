package io.modelfleet.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.TooManyRequestsException;
import io.modelfleet.api.UnauthenticatedException;
import io.modelfleet.api.security.AuditEntry;
import io.modelfleet.api.security.AuditQuery;
import io.modelfleet.api.security.Caller;
import io.modelfleet.api.security.NewUser;
import io.modelfleet.api.security.Role;
import io.modelfleet.api.security.Session;
import io.modelfleet.api.security.User;
import io.modelfleet.api.security.UserUpdate;
import io.modelfleet.persistence.SessionRecord;
import io.modelfleet.persistence.UserRecord;
import io.modelfleet.persistence.internal.MyBatisAuditStore;
import io.modelfleet.persistence.internal.MyBatisUserStore;
import io.modelfleet.persistence.testing.TestDatabase;

/** The service on the real stores and MariaDB; one schema for the class, so every test uses its own users. */
class LocalUserServiceTest {
    private static final String PASSWORD = "first-password-1";
    private static TestDatabase db;
    private static MyBatisUserStore users;
    private static DbAuditLog audit;
    private MutableClock clock;
    private LocalUserService service;

    @BeforeAll
    static void setUpDatabase() {
        db = TestDatabase.create();
        users = new MyBatisUserStore(db.database());
        audit = new DbAuditLog(new MyBatisAuditStore(db.database()));
    }

    @AfterAll
    static void tearDownDatabase() throws Exception {
        db.close();
    }

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
        service = start(Map.of("_adminPassword", "configured-admin-password"));
    }

    @AfterEach
    void tearDown() {
        service.deactivate();
    }

    private LocalUserService start(Map<String, Object> config) {
        return new LocalUserService(users, audit, TestConfig.security(config), clock);
    }

    private void createUser(String username, Role role) {
        service.create(new NewUser(username, PASSWORD, role), "root-admin");
    }

    private static UserRecord record(String username) {
        return users.findByUsername(username).orElseThrow();
    }

    private static List<String> auditActions(String username) {
        return audit.query(new AuditQuery(null, "user", username, null, null, null)).items().stream()
                .map(AuditEntry::action).toList();
    }

    @Test
    void failuresSpreadOverTwoServersAddUpToOneLockout() {
        createUser("spread", Role.VIEWER);
        LocalUserService second = start(Map.of());
        try {
            for (int i = 0; i < 5; i++) {
                LocalUserService server = i % 2 == 0 ? service : second;
                assertThrows(UnauthenticatedException.class, () -> server.login("spread", "wrong-password"));
            }
            assertEquals(5, record("spread").failedLogins());
            assertThrows(TooManyRequestsException.class, () -> second.login("spread", PASSWORD));
        } finally {
            second.deactivate();
        }
    }

    @Test
    void loginStartsASessionWhoseTokenIsStoredOnlyAsAHash() throws Exception {
        createUser("ann", Role.MANAGER);
        Session session = service.login("ann", PASSWORD);
        assertTrue(session.token().matches("mfs_[A-Za-z0-9_-]{43}"), session.token());
        assertEquals("ann", session.username());
        assertEquals(Role.MANAGER, session.role());
        assertEquals(clock.instant().plus(Duration.ofMinutes(30)), session.idleExpiresAt());
        assertEquals(clock.instant().plus(Duration.ofHours(12)), session.absoluteExpiresAt());
        assertEquals(Caller.user("ann", Role.MANAGER), service.authenticate(session.token()));
        assertEquals(clock.instant(), record("ann").lastLoginAt());

        String hash = PasswordHasher.sha256Hex(session.token());
        assertEquals(1, db.queryLong("SELECT COUNT(*) FROM user_session WHERE token_hash = '" + hash + "'"));
        assertEquals(0, db.queryLong("SELECT COUNT(*) FROM user_session WHERE token_hash LIKE 'mfs_%'"));
        assertTrue(record("ann").passwordHash().startsWith("pbkdf2-sha256$"), "never the plain password");
        assertNotEquals(session.token(), service.login("ann", PASSWORD).token(), "every login a new token");
    }

    @Test
    void unknownUsersAndWrongPasswordsGetTheSameAnswer() {
        createUser("bea", Role.VIEWER);
        UnauthenticatedException wrong = assertThrows(UnauthenticatedException.class,
                () -> service.login("bea", "not-her-password"));
        UnauthenticatedException unknown = assertThrows(UnauthenticatedException.class,
                () -> service.login("nobody-at-all", "not-her-password"));
        assertEquals("wrong username or password", wrong.detail());
        assertEquals(wrong.detail(), unknown.detail());
        assertEquals(401, unknown.httpStatus());
        assertEquals(1, record("bea").failedLogins());
        assertThrows(UnauthenticatedException.class, () -> service.login("", PASSWORD));
        assertThrows(UnauthenticatedException.class, () -> service.login(null, null));
    }

    @Test
    void failuresLockTheAccountUntilTheLockoutPasses() {
        createUser("cyd", Role.VIEWER);
        for (int i = 1; i <= 4; i++) {
            assertThrows(UnauthenticatedException.class, () -> service.login("cyd", "guess-guess-guess"));
            assertEquals(i, record("cyd").failedLogins());
            assertNull(record("cyd").lockedUntil(), "not locked before the fifth failure");
        }
        assertThrows(UnauthenticatedException.class, () -> service.login("cyd", "guess-guess-guess"));
        assertEquals(clock.instant().plusSeconds(30), record("cyd").lockedUntil());

        TooManyRequestsException locked = assertThrows(TooManyRequestsException.class,
                () -> service.login("cyd", PASSWORD), "even the right password waits");
        assertEquals(30, locked.retryAfterSeconds());
        assertEquals(429, locked.httpStatus());
        clock.advance(Duration.ofMillis(29_500));
        assertEquals(1, assertThrows(TooManyRequestsException.class, () -> service.login("cyd", PASSWORD))
                .retryAfterSeconds());
        assertEquals(5, record("cyd").failedLogins(), "attempts while locked are not counted");

        clock.advance(Duration.ofMillis(500));
        assertNotNull(service.login("cyd", PASSWORD));
        assertEquals(0, record("cyd").failedLogins(), "success resets the count");
        assertNull(record("cyd").lockedUntil());
        List<AuditEntry> locks = audit.query(new AuditQuery(null, "user", "cyd", null, null, null)).items().stream()
                .filter(e -> e.action().equals("user.lock")).toList();
        assertEquals(1, locks.size());
        assertEquals("system", locks.get(0).actor());
    }

    @Test
    void everyFurtherFailureDoublesTheLockout() {
        createUser("dot", Role.VIEWER);
        for (int i = 0; i < 5; i++) {
            assertThrows(UnauthenticatedException.class, () -> service.login("dot", "guess-guess-guess"));
        }
        clock.advance(Duration.ofSeconds(30));
        assertThrows(UnauthenticatedException.class, () -> service.login("dot", "guess-guess-guess"));
        assertEquals(60, assertThrows(TooManyRequestsException.class, () -> service.login("dot", PASSWORD))
                .retryAfterSeconds());
        clock.advance(Duration.ofSeconds(60));
        assertThrows(UnauthenticatedException.class, () -> service.login("dot", "guess-guess-guess"));
        assertEquals(120, assertThrows(TooManyRequestsException.class, () -> service.login("dot", PASSWORD))
                .retryAfterSeconds());

        assertEquals(Duration.ofSeconds(30), service.lockout(5));
        assertEquals(Duration.ofSeconds(480), service.lockout(9));
        assertEquals(Duration.ofMinutes(15), service.lockout(10), "960 s is capped at 15 minutes");
        assertEquals(Duration.ofMinutes(15), service.lockout(Integer.MAX_VALUE), "no overflow");
    }

    @Test
    void parallelGuessesCannotOutrunTheLockout() throws Exception {
        createUser("eve", Role.VIEWER);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                attempts.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    service.login("eve", "guess-guess-guess");
                    return null;
                }));
            }
            start.countDown();
            int wrong = 0;
            int throttled = 0;
            for (Future<?> attempt : attempts) {
                ExecutionException failure = assertThrows(ExecutionException.class, attempt::get);
                if (failure.getCause() instanceof UnauthenticatedException) {
                    wrong++;
                } else if (failure.getCause() instanceof TooManyRequestsException) {
                    throttled++;
                }
            }
            assertEquals(5, wrong, "exactly the allowed number of guesses were checked");
            assertEquals(3, throttled);
            assertEquals(5, record("eve").failedLogins(), "no failure lost to a race");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anIdleSessionEndsButUseKeepsItAlive() {
        createUser("fay", Role.VIEWER);
        Session session = service.login("fay", PASSWORD);
        String hash = PasswordHasher.sha256Hex(session.token());
        clock.advance(Duration.ofMinutes(29));
        service.authenticate(session.token());
        clock.advance(Duration.ofMinutes(29)); // 58 minutes after login, 29 after last use
        service.authenticate(session.token());
        clock.advance(Duration.ofMinutes(30));
        assertThrows(UnauthenticatedException.class, () -> service.authenticate(session.token()));
        assertTrue(users.findSession(hash).isEmpty(), "an expired session is deleted when met");
    }

    @Test
    void theIdleExpiryIsWrittenAtMostOnceAMinute() {
        createUser("gus", Role.VIEWER);
        Session session = service.login("gus", PASSWORD);
        String hash = PasswordHasher.sha256Hex(session.token());
        clock.advance(Duration.ofSeconds(59));
        service.authenticate(session.token());
        SessionRecord untouched = users.findSession(hash).orElseThrow();
        assertEquals(session.idleExpiresAt(), untouched.idleExpiresAt(), "no write within the first minute");
        clock.advance(Duration.ofSeconds(1));
        service.authenticate(session.token());
        SessionRecord touched = users.findSession(hash).orElseThrow();
        assertEquals(clock.instant(), touched.lastUsedAt());
        assertEquals(clock.instant().plus(Duration.ofMinutes(30)), touched.idleExpiresAt());
        clock.advance(Duration.ofSeconds(30));
        service.authenticate(session.token());
        assertEquals(touched, users.findSession(hash).orElseThrow(), "again no write within a minute");
    }

    @Test
    void noUseKeepsASessionPastItsAbsoluteExpiry() {
        service.deactivate();
        service = start(Map.of("sessionIdleMinutes", 30, "sessionAbsoluteHours", 1));
        createUser("hal", Role.VIEWER);
        Session session = service.login("hal", PASSWORD);
        String hash = PasswordHasher.sha256Hex(session.token());
        for (int minute = 20; minute < 60; minute += 20) {
            clock.advance(Duration.ofMinutes(20));
            service.authenticate(session.token());
        }
        assertEquals(session.absoluteExpiresAt(), users.findSession(hash).orElseThrow().idleExpiresAt(),
                "the idle expiry never passes the absolute one");
        clock.advance(Duration.ofMinutes(20)); // 60 minutes after login, 20 after last use
        assertThrows(UnauthenticatedException.class, () -> service.authenticate(session.token()));
        assertTrue(users.findSession(hash).isEmpty(), "an expired session is deleted when met");
    }

    @Test
    void disabledUsersLoseTheirSessionsAndCannotLogIn() {
        createUser("ida", Role.MANAGER);
        Session session = service.login("ida", PASSWORD);
        User disabled = service.update("ida", new UserUpdate(null, true, null), "root-admin");
        assertTrue(disabled.disabled());
        assertThrows(UnauthenticatedException.class, () -> service.authenticate(session.token()));
        UnauthenticatedException refused = assertThrows(UnauthenticatedException.class,
                () -> service.login("ida", PASSWORD));
        assertEquals("wrong username or password", refused.detail(), "does not reveal that the account exists");

        service.update("ida", new UserUpdate(null, false, null), "root-admin");
        assertNotNull(service.login("ida", PASSWORD));
        assertEquals(List.of("user.enable", "user.disable", "user.create"), auditActions("ida"));
    }

    @Test
    void aSessionEndsWhenItsUserIsDisabledByAnyRoute() {
        createUser("jon", Role.VIEWER);
        Session session = service.login("jon", PASSWORD);
        // as another server or an operator at the database would: the flag changes, the session row stays
        users.update(record("jon").id(), null, true, null, clock.instant());
        assertThrows(UnauthenticatedException.class, () -> service.authenticate(session.token()));
        assertTrue(users.findSession(PasswordHasher.sha256Hex(session.token())).isEmpty());
    }

    @Test
    void aNewPasswordEndsEverySessionAndReplacesTheOldOne() {
        createUser("kim", Role.VIEWER);
        Session one = service.login("kim", PASSWORD);
        Session two = service.login("kim", PASSWORD);
        assertThrows(UnauthenticatedException.class, () -> service.login("kim", "typo-typo-typo"));
        service.update("kim", new UserUpdate(null, null, "second-password-2"), "root-admin");
        assertThrows(UnauthenticatedException.class, () -> service.authenticate(one.token()));
        assertThrows(UnauthenticatedException.class, () -> service.authenticate(two.token()));
        assertEquals(0, record("kim").failedLogins(), "a new password clears earlier failures");
        assertThrows(UnauthenticatedException.class, () -> service.login("kim", PASSWORD));
        assertNotNull(service.login("kim", "second-password-2"));
        assertEquals(List.of("user.password", "user.create"), auditActions("kim"));
        AuditEntry change = audit.query(new AuditQuery(null, "user", "kim", null, null, null)).items().get(0);
        assertEquals("root-admin", change.actor());
    }

    @Test
    void roleChangesApplyToOpenSessionsAndAreAudited() {
        createUser("lea", Role.VIEWER);
        Session session = service.login("lea", PASSWORD);
        User changed = service.update("lea", new UserUpdate(Role.MANAGER, null, null), "root-admin");
        assertEquals(Role.MANAGER, changed.role());
        assertEquals(Role.MANAGER, service.authenticate(session.token()).role());
        AuditEntry entry = audit.query(new AuditQuery(null, "user", "lea", null, null, null)).items().get(0);
        assertEquals("user.role", entry.action());
        assertEquals("VIEWER -> MANAGER", entry.detail());
        assertEquals("root-admin", entry.actor());

        service.update("lea", new UserUpdate(Role.MANAGER, false, null), "root-admin");
        assertEquals(2, auditActions("lea").size(), "an update that changes nothing records nothing");
    }

    @Test
    void administratorsCannotLockThemselvesOut() {
        createUser("max", Role.ADMIN);
        assertThrows(ConflictException.class, () -> service.update("max", new UserUpdate(null, true, null), "max"));
        assertThrows(ConflictException.class,
                () -> service.update("max", new UserUpdate(Role.VIEWER, null, null), "max"));
        assertEquals(Role.ADMIN, record("max").role());
        assertFalse(record("max").disabled());
        service.update("max", new UserUpdate(null, null, "max-new-password"), "max");
        assertNotNull(service.login("max", "max-new-password"), "their own password they may change");
    }

    @Test
    void createdUsersAreAuditedUniqueAndListed() {
        User created = service.create(new NewUser("ned", PASSWORD, Role.VIEWER), "root-admin");
        assertEquals("ned", created.username());
        assertEquals(Role.VIEWER, created.role());
        assertEquals(clock.instant(), created.createdAt());
        assertThrows(ConflictException.class, () -> service.create(new NewUser("ned", PASSWORD, Role.ADMIN), "x"));
        AuditEntry entry = audit.query(new AuditQuery(null, "user", "ned", null, null, null)).items().get(0);
        assertEquals("user.create", entry.action());
        assertEquals("root-admin", entry.actor());
        assertEquals("role=VIEWER", entry.detail());
        assertEquals(created, service.get("ned"));
        assertThrows(NotFoundException.class, () -> service.get("nobody-at-all"));
        assertThrows(NotFoundException.class,
                () -> service.update("nobody-at-all", new UserUpdate(Role.ADMIN, null, null), "root-admin"));
        List<String> listed = service.list(new PageRequest(1000, 0)).items().stream().map(User::username).toList();
        assertTrue(listed.contains("ned") && listed.contains("admin"), listed.toString());
        assertEquals(users.count(), service.list(new PageRequest(1, 0)).total());
    }

    @Test
    void logoutEndsOnlyThatSession() {
        createUser("ora", Role.VIEWER);
        Session one = service.login("ora", PASSWORD);
        Session two = service.login("ora", PASSWORD);
        service.logout(one.token());
        assertThrows(UnauthenticatedException.class, () -> service.authenticate(one.token()));
        assertEquals("ora", service.authenticate(two.token()).name());
        service.logout(one.token()); // twice is harmless
        service.logout("mfc_1_not-a-session");
    }

    @Test
    void foreignAndForgedTokensAreRefused() {
        assertThrows(UnauthenticatedException.class, () -> service.authenticate(null));
        assertThrows(UnauthenticatedException.class, () -> service.authenticate("mfc_1_edge-credential"));
        assertThrows(UnauthenticatedException.class,
                () -> service.authenticate("mfs_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
        createUser("pia", Role.VIEWER);
        Session session = service.login("pia", PASSWORD);
        // the stored hash itself is no credential
        assertThrows(UnauthenticatedException.class,
                () -> service.authenticate("mfs_" + PasswordHasher.sha256Hex(session.token())));
    }

    @Test
    void cheaperOldHashesAreUpgradedAtLogin() {
        users.insert("quinn", PasswordHasher.hash(PASSWORD, 1000), Role.VIEWER, clock.instant());
        assertNotNull(service.login("quinn", PASSWORD));
        String upgraded = record("quinn").passwordHash();
        assertTrue(upgraded.startsWith("pbkdf2-sha256$" + PasswordHasher.ITERATIONS + "$"), upgraded);
        assertNotNull(service.login("quinn", PASSWORD));
    }

    @Test
    void cleanupDeletesOnlyExpiredSessions() {
        createUser("rex", Role.VIEWER);
        Session old = service.login("rex", PASSWORD);
        clock.advance(Duration.ofMinutes(20));
        Session fresh = service.login("rex", PASSWORD);
        clock.advance(Duration.ofMinutes(11)); // old: idle for 31 minutes; fresh: for 11
        assertTrue(service.deleteExpiredSessions() >= 1);
        assertTrue(users.findSession(PasswordHasher.sha256Hex(old.token())).isEmpty());
        assertEquals("rex", service.authenticate(fresh.token()).name());
    }

    @Test
    void deactivationStopsTheCleanupThread() throws Exception {
        LocalUserService second = start(Map.of());
        long before = cleanupThreads();
        second.deactivate();
        for (int i = 0; i < 100 && cleanupThreads() >= before; i++) {
            Thread.sleep(20);
        }
        assertEquals(before - 1, cleanupThreads());
    }

    private static long cleanupThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("modelfleet-session-cleanup") && t.isAlive()).count();
    }

    @Test
    void invalidConfigurationIsRefusedAtActivation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> start(Map.of("sessionIdleMinutes", 0)));
        assertTrue(e.getMessage().contains("sessionIdleMinutes"), e.getMessage());
    }
}
