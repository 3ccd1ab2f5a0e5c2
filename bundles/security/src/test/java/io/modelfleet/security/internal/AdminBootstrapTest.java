package io.modelfleet.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.modelfleet.api.UnauthenticatedException;
import io.modelfleet.api.security.AuditEntry;
import io.modelfleet.api.security.AuditQuery;
import io.modelfleet.api.security.Role;
import io.modelfleet.persistence.UserStore;
import io.modelfleet.persistence.internal.MyBatisAuditStore;
import io.modelfleet.persistence.internal.MyBatisUserStore;
import io.modelfleet.persistence.testing.TestDatabase;

/** The first administrator, on an empty schema per test. */
class AdminBootstrapTest {
    private static final Pattern PRINTED = Pattern
            .compile("WARN .*Created the first administrator '(\\S+)' with password (\\S+) — change it");
    private TestDatabase db;
    private MyBatisUserStore users;
    private DbAuditLog audit;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
    private final List<LocalUserService> started = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        db = TestDatabase.create();
        users = new MyBatisUserStore(db.database());
        audit = new DbAuditLog(new MyBatisAuditStore(db.database()));
    }

    @AfterEach
    void tearDown() throws Exception {
        started.forEach(LocalUserService::deactivate);
        db.close();
    }

    private LocalUserService start(UserStore store, Map<String, Object> config) {
        LocalUserService service = new LocalUserService(store, audit, TestConfig.security(config), clock);
        started.add(service);
        return service;
    }

    @Test
    void theConfiguredPasswordIsUsedOnceAndNeverOverwritten() {
        LocalUserService service = start(users, Map.of("_adminPassword", "configured-admin-password"));
        assertEquals(Role.ADMIN, service.login("admin", "configured-admin-password", "127.0.0.1").role());
        assertEquals(1, users.count());
        List<AuditEntry> created = audit.query(new AuditQuery(null, "user", "admin", null, null, null)).items();
        assertEquals(1, created.size());
        assertEquals("user.create", created.get(0).action());
        assertEquals("system", created.get(0).actor());

        // a later start with another configured password must not reset the administrator's password
        LocalUserService restarted = start(users, Map.of("_adminPassword", "another-admin-password"));
        assertEquals(1, users.count());
        assertThrows(UnauthenticatedException.class, () -> restarted.login("admin", "another-admin-password", "127.0.0.1"));
        assertNotNull(restarted.login("admin", "configured-admin-password", "127.0.0.1"));
    }

    @Test
    void theAdministratorsNameIsConfigurable() {
        LocalUserService service = start(users,
                Map.of("adminUsername", "root-operator", "_adminPassword", "configured-admin-password"));
        assertEquals(Role.ADMIN, service.login("root-operator", "configured-admin-password", "127.0.0.1").role());
        assertTrue(users.findByUsername("admin").isEmpty());
    }

    @Test
    void withoutAConfiguredPasswordARandomOneIsLoggedExactlyOnce() {
        String log = capturingStandardError(() -> {
            start(users, Map.of());
            start(users, Map.of());
        });
        Matcher printed = PRINTED.matcher(log);
        assertTrue(printed.find(), log);
        assertEquals("admin", printed.group(1));
        String password = printed.group(2);
        assertEquals(20, password.length());
        assertFalse(printed.find(), "printed once only:\n" + log);
        assertEquals(Role.ADMIN, started.get(0).login("admin", password, "127.0.0.1").role());
        assertTrue(users.findByUsername("admin").orElseThrow().passwordHash().startsWith("pbkdf2-sha256$"));

        String other = capturingStandardError(() -> {
            try (TestDatabase second = TestDatabase.create()) {
                new LocalUserService(new MyBatisUserStore(second.database()),
                        new DbAuditLog(new MyBatisAuditStore(second.database())), TestConfig.security(Map.of()), clock)
                        .deactivate();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Matcher otherPrinted = PRINTED.matcher(other);
        assertTrue(otherPrinted.find(), other);
        assertNotEquals(password, otherPrinted.group(2), "a new random password for every new installation");
    }

    @Test
    void serversStartingTogetherCreateExactlyOneAdministrator() throws Exception {
        int servers = 4;
        // every server must see the empty table before any inserts: the race the unique username has to settle
        CyclicBarrier allCounted = new CyclicBarrier(servers);
        UserStore racing = (UserStore) Proxy.newProxyInstance(UserStore.class.getClassLoader(),
                new Class<?>[] { UserStore.class }, (proxy, method, args) -> {
                    try {
                        Object result = method.invoke(users, args);
                        if (method.getName().equals("count")) {
                            allCounted.await(30, TimeUnit.SECONDS);
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ExecutorService pool = Executors.newFixedThreadPool(servers);
        String log;
        try {
            log = capturingStandardError(() -> {
                List<Future<LocalUserService>> starting = new ArrayList<>();
                for (int i = 0; i < servers; i++) {
                    starting.add(pool.submit(() -> start(racing, Map.of())));
                }
                for (Future<LocalUserService> server : starting) {
                    try {
                        assertNotNull(server.get(60, TimeUnit.SECONDS), "the losers start normally");
                    } catch (Exception e) {
                        throw new AssertionError("a server failed to start", e);
                    }
                }
            });
        } finally {
            pool.shutdownNow();
        }
        assertEquals(servers, started.size());
        assertEquals(1, users.count());
        assertEquals(Role.ADMIN, users.findByUsername("admin").orElseThrow().role());
        Matcher printed = PRINTED.matcher(log);
        assertTrue(printed.find(), log);
        String password = printed.group(2);
        assertFalse(printed.find(), "only the winner prints a password:\n" + log);
        assertNotNull(started.get(3).login("admin", password, "127.0.0.1"), "the printed password is the stored one");
        assertEquals(1, audit.query(new AuditQuery(null, "user", "admin", null, null, null)).total());
    }

    @Test
    void aTooShortConfiguredPasswordIsRefusedLoudly() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> start(users, Map.of("_adminPassword", "short")));
        assertTrue(refused.getMessage().contains(SecurityConfiguration.PID), refused.getMessage());
        assertTrue(refused.getMessage().contains("12"), refused.getMessage());
        assertEquals(0, users.count());
    }

    /** slf4j-simple writes to whatever System.err is at the time of logging. */
    private static String capturingStandardError(Runnable work) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static final class TeeStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}
