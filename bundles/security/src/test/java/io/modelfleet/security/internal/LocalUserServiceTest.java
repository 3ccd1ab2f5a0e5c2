package io.modelfleet.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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

import io.modelfleet.api.AccessDeniedException;
import io.modelfleet.api.ConflictException;
import io.modelfleet.api.InvalidInputException;
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
    private static final String HERE = "192.0.2.10";
    private static final String ELSEWHERE = "198.51.100.20";
    private static final String SPRAYER = "203.0.113.30";
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
    void failuresSpreadOverTwoServersAddUpToOneBlock() {
        createUser("spread", Role.VIEWER);
        LocalUserService second = start(Map.of());
        try {
            for (int i = 0; i < 5; i++) {
                LocalUserService server = i % 2 == 0 ? service : second;
                assertThrows(UnauthenticatedException.class, () -> server.login("spread", "wrong-password", HERE));
            }
            assertThrows(TooManyRequestsException.class, () -> second.login("spread", PASSWORD, HERE));
        } finally {
            second.deactivate();
        }
    }

    @Test
    void loginStartsASessionWhoseTokenIsStoredOnlyAsAHash() throws Exception {
        createUser("ann", Role.MANAGER);
        Session session = service.login("ann", PASSWORD, HERE);
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
        assertNotEquals(session.token(), service.login("ann", PASSWORD, HERE).token(), "every login a new token");
    }

    @Test
    void unknownUsersAndWrongPasswordsGetTheSameAnswer() {
        createUser("bea", Role.VIEWER);
        UnauthenticatedException wrong = assertThrows(UnauthenticatedException.class,
                () -> service.login("bea", "not-her-password", HERE));
        UnauthenticatedException unknown = assertThrows(UnauthenticatedException.class,
                () -> service.login("nobody-at-all", "not-her-password", HERE));
        assertEquals("wrong username or password", wrong.detail());
        assertEquals(wrong.detail(), unknown.detail());
        assertEquals(401, unknown.httpStatus());
        assertThrows(UnauthenticatedException.class, () -> service.login("", PASSWORD, HERE));
        assertThrows(UnauthenticatedException.class, () -> service.login(null, null, HERE));
        // throttled alike too: five failures each, then the same 429 with the same wait
        for (int i = 0; i < 4; i++) {
            assertThrows(UnauthenticatedException.class, () -> service.login("bea", "not-her-password", HERE));
            assertThrows(UnauthenticatedException.class, () -> service.login("nobody-at-all", "x", HERE));
        }
        TooManyRequestsException known = assertThrows(TooManyRequestsException.class,
                () -> service.login("bea", PASSWORD, HERE));
        TooManyRequestsException notThere = assertThrows(TooManyRequestsException.class,
                () -> service.login("nobody-at-all", PASSWORD, HERE));
        assertEquals(known.detail(), notThere.detail());
        assertEquals(known.retryAfterSeconds(), notThere.retryAfterSeconds());
    }

    @Test
    void failuresBlockOnlyThatUsernameFromThatAddressUntilTheWaitPasses() {
        createUser("cyd", Role.VIEWER);
        createUser("cyd-colleague", Role.VIEWER);
        for (int i = 1; i <= 5; i++) {
            assertThrows(UnauthenticatedException.class, () -> service.login("cyd", "guess-guess-guess", HERE),
                    "not blocked before the fifth failure");
        }
        TooManyRequestsException blocked = assertThrows(TooManyRequestsException.class,
                () -> service.login("cyd", PASSWORD, HERE), "even the right password waits, from here");
        assertEquals(30, blocked.retryAfterSeconds());
        assertEquals(429, blocked.httpStatus());
        // the account is not locked: the real user elsewhere, and a colleague at the same address, log in
        assertNotNull(service.login("cyd", PASSWORD, ELSEWHERE));
        assertNotNull(service.login("CYD", PASSWORD, ELSEWHERE), "usernames are case-insensitive");
        assertNotNull(service.login("cyd-colleague", PASSWORD, HERE));

        clock.advance(Duration.ofMillis(29_500));
        assertEquals(1, assertThrows(TooManyRequestsException.class, () -> service.login("cyd", PASSWORD, HERE))
                .retryAfterSeconds());
        clock.advance(Duration.ofMillis(500));
        assertNotNull(service.login("cyd", PASSWORD, HERE));
        // success cleared the count: five more guesses before the next wait
        for (int i = 1; i <= 4; i++) {
            assertThrows(UnauthenticatedException.class, () -> service.login("cyd", "guess-guess-guess", HERE));
        }
        assertNotNull(service.login("cyd", PASSWORD, HERE));
        List<AuditEntry> blocks = audit.query(new AuditQuery(null, "login", HERE + " as 'cyd'", null, null, null))
                .items();
        assertEquals(1, blocks.size());
        assertEquals("system", blocks.get(0).actor());
    }

    @Test
    void oneAddressTryingManyUsernamesIsBlockedAsAWhole() {
        service.deactivate();
        service = start(Map.of("maxFailedLoginsPerAddress", 8));
        createUser("dan", Role.VIEWER);
        for (int i = 0; i < 8; i++) {
            int n = i;
            assertThrows(UnauthenticatedException.class, () -> service.login("sprayed-" + n, "guess-guess", SPRAYER));
        }
        assertEquals(30, assertThrows(TooManyRequestsException.class, () -> service.login("dan", PASSWORD, SPRAYER))
                .retryAfterSeconds(), "every username from that address waits");
        assertNotNull(service.login("dan", PASSWORD, HERE), "other addresses are not affected");
    }

    @Test
    void usernamesDifferingOnlyByCaseAreOneUser() {
        createUser("Zed", Role.VIEWER);
        assertThrows(ConflictException.class, () -> createUser("zed", Role.ADMIN));
        assertThrows(ConflictException.class, () -> createUser("ZED", Role.ADMIN));
        assertEquals("Zed", service.get("zED").username());
        assertEquals("Zed", service.login("zed", PASSWORD, HERE).username(), "the stored spelling");
    }

    @Test
    void everyFurtherFailureDoublesTheWait() {
        createUser("dot", Role.VIEWER);
        for (int i = 0; i < 5; i++) {
            assertThrows(UnauthenticatedException.class, () -> service.login("dot", "guess-guess-guess", HERE));
        }
        clock.advance(Duration.ofSeconds(30));
        assertThrows(UnauthenticatedException.class, () -> service.login("dot", "guess-guess-guess", HERE));
        assertEquals(60, assertThrows(TooManyRequestsException.class, () -> service.login("dot", PASSWORD, HERE))
                .retryAfterSeconds());
        clock.advance(Duration.ofSeconds(60));
        assertThrows(UnauthenticatedException.class, () -> service.login("dot", "guess-guess-guess", HERE));
        assertEquals(120, assertThrows(TooManyRequestsException.class, () -> service.login("dot", PASSWORD, HERE))
                .retryAfterSeconds());
        // an hour without failures and the count starts again
        clock.advance(Duration.ofMinutes(62));
        assertThrows(UnauthenticatedException.class, () -> service.login("dot", "guess-guess-guess", HERE));
        assertNotNull(service.login("dot", PASSWORD, HERE));

        assertEquals(Duration.ofSeconds(30), service.lockout(5, 5));
        assertEquals(Duration.ofSeconds(480), service.lockout(9, 5));
        assertEquals(Duration.ofMinutes(15), service.lockout(10, 5), "960 s is capped at 15 minutes");
        assertEquals(Duration.ofMinutes(15), service.lockout(Integer.MAX_VALUE, 5), "no overflow");
    }

    @Test
    void parallelGuessesCannotOutrunTheBlock() throws Exception {
        createUser("eve", Role.VIEWER);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                attempts.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    service.login("eve", "guess-guess-guess", HERE);
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
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anIdleSessionEndsButUseKeepsItAlive() {
        createUser("fay", Role.VIEWER);
        Session session = service.login("fay", PASSWORD, HERE);
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
        Session session = service.login("gus", PASSWORD, HERE);
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
        Session session = service.login("hal", PASSWORD, HERE);
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
        Session session = service.login("ida", PASSWORD, HERE);
        User disabled = service.update("ida", new UserUpdate(null, true, null), "root-admin");
        assertTrue(disabled.disabled());
        assertThrows(UnauthenticatedException.class, () -> service.authenticate(session.token()));
        UnauthenticatedException refused = assertThrows(UnauthenticatedException.class,
                () -> service.login("ida", PASSWORD, HERE));
        assertEquals("wrong username or password", refused.detail(), "does not reveal that the account exists");

        service.update("ida", new UserUpdate(null, false, null), "root-admin");
        assertNotNull(service.login("ida", PASSWORD, HERE));
        assertEquals(List.of("user.enable", "user.disable", "user.create"), auditActions("ida"));
    }

    @Test
    void aSessionEndsWhenItsUserIsDisabledByAnyRoute() {
        createUser("jon", Role.VIEWER);
        Session session = service.login("jon", PASSWORD, HERE);
        // as another server or an operator at the database would: the flag changes, the session row stays
        users.update(record("jon").id(), null, true, null, clock.instant());
        assertThrows(UnauthenticatedException.class, () -> service.authenticate(session.token()));
        assertTrue(users.findSession(PasswordHasher.sha256Hex(session.token())).isEmpty());
    }

    @Test
    void aNewPasswordEndsEverySessionAndReplacesTheOldOne() {
        createUser("kim", Role.VIEWER);
        Session one = service.login("kim", PASSWORD, HERE);
        Session two = service.login("kim", PASSWORD, HERE);
        assertThrows(UnauthenticatedException.class, () -> service.login("kim", "typo-typo-typo", HERE));
        service.update("kim", new UserUpdate(null, null, "second-password-2"), "root-admin");
        assertThrows(UnauthenticatedException.class, () -> service.authenticate(one.token()));
        assertThrows(UnauthenticatedException.class, () -> service.authenticate(two.token()));
        assertThrows(UnauthenticatedException.class, () -> service.login("kim", PASSWORD, HERE));
        assertNotNull(service.login("kim", "second-password-2", HERE));
        assertEquals(List.of("user.password", "user.create"), auditActions("kim"));
        AuditEntry change = audit.query(new AuditQuery(null, "user", "kim", null, null, null)).items().get(0);
        assertEquals("root-admin", change.actor());
    }

    @Test
    void roleChangesApplyToOpenSessionsAndAreAudited() {
        createUser("lea", Role.VIEWER);
        Session session = service.login("lea", PASSWORD, HERE);
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
        assertNotNull(service.login("max", "max-new-password", HERE), "their own password they may change");
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
        Session one = service.login("ora", PASSWORD, HERE);
        Session two = service.login("ora", PASSWORD, HERE);
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
        Session session = service.login("pia", PASSWORD, HERE);
        // the stored hash itself is no credential
        assertThrows(UnauthenticatedException.class,
                () -> service.authenticate("mfs_" + PasswordHasher.sha256Hex(session.token())));
    }

    @Test
    void cheaperOldHashesAreUpgradedAtLogin() {
        users.insert("quinn", PasswordHasher.hash(PASSWORD, 1000), Role.VIEWER, clock.instant());
        assertNotNull(service.login("quinn", PASSWORD, HERE));
        String upgraded = record("quinn").passwordHash();
        assertTrue(upgraded.startsWith("pbkdf2-sha256$" + PasswordHasher.ITERATIONS + "$"), upgraded);
        assertNotNull(service.login("quinn", PASSWORD, HERE));
    }

    @Test
    void cleanupDeletesOnlyExpiredSessions() {
        createUser("rex", Role.VIEWER);
        Session old = service.login("rex", PASSWORD, HERE);
        clock.advance(Duration.ofMinutes(20));
        Session fresh = service.login("rex", PASSWORD, HERE);
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

    @Test
    void usersChangeTheirOwnPasswordWhichEndsTheirOtherSessions() {
        createUser("pat", Role.VIEWER);
        Session elsewhere = service.login("pat", PASSWORD, ELSEWHERE);
        Session here = service.login("pat", PASSWORD, HERE);

        AccessDeniedException wrong = assertThrows(AccessDeniedException.class,
                () -> service.changeOwnPassword("pat", "not-the-password", "second-password-2", HERE));
        assertEquals(403, wrong.httpStatus(), "the caller is signed in: not a 401, which reads as a lost session");
        assertEquals("the current password is wrong", wrong.detail());
        assertEquals(400, assertThrows(InvalidInputException.class,
                () -> service.changeOwnPassword("pat", PASSWORD, "too-short", HERE)).httpStatus());
        assertEquals("the new password must differ from the current one", assertThrows(InvalidInputException.class,
                () -> service.changeOwnPassword("pat", PASSWORD, PASSWORD, HERE)).detail());
        assertEquals(here.username(), service.authenticate(here.token()).name(), "nothing changed so far");

        Session renewed = service.changeOwnPassword("pat", PASSWORD, "second-password-2", HERE);
        assertEquals("pat", service.authenticate(renewed.token()).name());
        assertThrows(UnauthenticatedException.class, () -> service.authenticate(here.token()));
        assertThrows(UnauthenticatedException.class, () -> service.authenticate(elsewhere.token()));
        assertThrows(UnauthenticatedException.class, () -> service.login("pat", PASSWORD, ELSEWHERE));
        assertNotNull(service.login("pat", "second-password-2", ELSEWHERE));
        AuditEntry change = audit.query(new AuditQuery(null, "user", "pat", null, null, null)).items().get(0);
        assertEquals("user.password", change.action());
        assertEquals("pat", change.actor());
    }

    @Test
    void aWrongCurrentPasswordCountsAsAFailedLogin() {
        createUser("quill", Role.VIEWER);
        // four failures at changing the password, one at logging in: the fifth blocks both from here
        for (int i = 0; i < 4; i++) {
            assertThrows(AccessDeniedException.class,
                    () -> service.changeOwnPassword("quill", "guess-guess-guess", "second-password-2", HERE));
        }
        assertThrows(UnauthenticatedException.class, () -> service.login("quill", "guess-guess-guess", HERE));
        assertThrows(TooManyRequestsException.class,
                () -> service.changeOwnPassword("quill", PASSWORD, "second-password-2", HERE));
        assertThrows(TooManyRequestsException.class, () -> service.login("quill", PASSWORD, HERE));
        assertNotNull(service.login("quill", PASSWORD, ELSEWHERE), "the password did not change");
    }
}
