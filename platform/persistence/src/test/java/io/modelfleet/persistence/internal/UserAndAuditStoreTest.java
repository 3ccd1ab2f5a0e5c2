package io.modelfleet.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.security.AuditEntry;
import io.modelfleet.api.security.AuditQuery;
import io.modelfleet.api.security.Role;
import io.modelfleet.api.security.User;
import io.modelfleet.persistence.SessionRecord;
import io.modelfleet.persistence.UserRecord;
import io.modelfleet.persistence.testing.TestDatabase;

class UserAndAuditStoreTest {
    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00.007Z");
    private static TestDatabase db;
    private static MyBatisUserStore users;
    private static MyBatisAuditStore audit;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create();
        users = new MyBatisUserStore(db.database());
        audit = new MyBatisAuditStore(db.database());
    }

    @AfterAll
    static void tearDown() throws Exception {
        db.close();
    }

    @Test
    void usersAreUniqueAndUpdatable() {
        UserRecord alice = users.insert("alice", "hash-1", Role.MANAGER, NOW);
        assertEquals(Role.MANAGER, alice.role());
        assertEquals(NOW, alice.createdAt());
        assertThrows(ConflictException.class, () -> users.insert("alice", "hash-2", Role.VIEWER, NOW));
        assertThrows(ConflictException.class, () -> users.insert("ALICE", "hash-2", Role.VIEWER, NOW),
                "usernames are unique regardless of case");
        users.update(alice.id(), Role.ADMIN, true, "hash-3", NOW);
        UserRecord changed = users.findByUsername("alice").orElseThrow();
        assertEquals(Role.ADMIN, changed.role());
        assertTrue(changed.disabled());
        assertEquals("hash-3", changed.passwordHash());
        users.update(alice.id(), null, false, null, NOW);
        assertEquals("hash-3", users.findByUsername("alice").orElseThrow().passwordHash());
        assertEquals("alice", users.findByUsername("ALICE").orElseThrow().username(),
                "found whatever the case; the stored spelling is kept");
    }

    @Test
    void loginFailuresAreCountedPerKeyAndForgotten() {
        String key = "k".repeat(64);
        String other = "o".repeat(64);
        assertEquals(1, users.countLoginFailure(key, NOW, NOW.minusSeconds(3600)));
        assertEquals(2, users.countLoginFailure(key, NOW.plusSeconds(1), NOW.minusSeconds(3600)));
        assertEquals(1, users.countLoginFailure(other, NOW, NOW.minusSeconds(3600)), "keys count apart");
        assertNull(users.loginsBlockedUntil(List.of(key, other)));
        users.blockLogins(key, NOW.plusSeconds(60));
        users.blockLogins(key, NOW.plusSeconds(30)); // a slower server never shortens a block
        users.blockLogins(other, NOW.plusSeconds(45));
        assertEquals(NOW.plusSeconds(60), users.loginsBlockedUntil(List.of(key, other)));
        assertEquals(NOW.plusSeconds(45), users.loginsBlockedUntil(List.of(other)));
        // an hour without failures: the count starts again
        assertEquals(1, users.countLoginFailure(key, NOW.plusSeconds(4000), NOW.plusSeconds(400)));
        users.clearLoginFailures(key);
        assertNull(users.loginsBlockedUntil(List.of(key)));
        assertEquals(1, users.countLoginFailure(key, NOW, NOW.minusSeconds(3600)));
        assertEquals(0, users.deleteStaleLoginFailures(NOW.plusSeconds(10), NOW.minusSeconds(1)), "blocked or recent");
        assertEquals(1, users.deleteStaleLoginFailures(NOW.plusSeconds(30), NOW.plusSeconds(1)), "only the unblocked");
        assertEquals(1, users.deleteStaleLoginFailures(NOW.plusSeconds(100), NOW.plusSeconds(1)),
                "the blocked one once its block is over");
    }

    @Test
    void sessionsFollowTheirUser() {
        UserRecord bob = users.insert("bob", "hash", Role.VIEWER, NOW);
        users.insertSession("s".repeat(64), bob.id(), NOW, NOW.plusSeconds(1800), NOW.plusSeconds(43200));
        SessionRecord session = users.findSession("s".repeat(64)).orElseThrow();
        assertEquals("bob", session.username());
        assertFalse(session.userDisabled());
        users.touchSession("s".repeat(64), NOW.plusSeconds(100), NOW.plusSeconds(1900));
        assertEquals(NOW.plusSeconds(1900), users.findSession("s".repeat(64)).orElseThrow().idleExpiresAt());
        assertEquals(0, users.deleteExpiredSessions(NOW.plusSeconds(1899)));
        assertEquals(1, users.deleteExpiredSessions(NOW.plusSeconds(1900)));
        users.insertSession("t".repeat(64), bob.id(), NOW, NOW.plusSeconds(1800), NOW.plusSeconds(43200));
        users.deleteSessionsOf(bob.id());
        assertTrue(users.findSession("t".repeat(64)).isEmpty());
    }

    @Test
    void aPasswordIsReplacedOnlyOverTheHashThatWasCheckedAndSessionsFollowIt() {
        UserRecord dana = users.insert("dana", "old-hash", Role.VIEWER, NOW);
        users.insertSession("u".repeat(64), dana.id(), NOW, NOW.plusSeconds(1800), NOW.plusSeconds(43200));
        assertFalse(users.replacePassword(dana.id(), "not-the-hash", "new-hash", true, NOW), "someone else changed it");
        assertTrue(users.findSession("u".repeat(64)).isPresent(), "nothing written then");
        assertTrue(users.replacePassword(dana.id(), "old-hash", "new-hash", true, NOW));
        assertEquals("new-hash", users.findByUsername("dana").orElseThrow().passwordHash());
        assertTrue(users.findSession("u".repeat(64)).isEmpty(), "its sessions ended with it");
        // a login checked against the old hash gets no session; one checked against the new one does
        assertFalse(users.insertSessionIfPassword("v".repeat(64), dana.id(), "old-hash", NOW, NOW.plusSeconds(1800),
                NOW.plusSeconds(43200)));
        assertTrue(users.findSession("v".repeat(64)).isEmpty());
        assertTrue(users.insertSessionIfPassword("w".repeat(64), dana.id(), "new-hash", NOW, NOW.plusSeconds(1800),
                NOW.plusSeconds(43200)));
        assertEquals("dana", users.findSession("w".repeat(64)).orElseThrow().username());
        assertTrue(users.replacePassword(dana.id(), "new-hash", "rehashed", false, NOW));
        assertTrue(users.findSession("w".repeat(64)).isPresent(), "a rehash keeps the sessions");
    }

    @Test
    void auditIsFilteredAndNewestFirst() {
        audit.insert(NOW, "admin", "edge.approved", "edge", "1", null);
        audit.insert(NOW.plusSeconds(1), "admin", "edge.update", "edge", "1", "location=Lyon");
        audit.insert(NOW.plusSeconds(2), "carol", "token.create", "enrollment-token", "5", null);
        List<AuditEntry> edgeOne = audit.query(new AuditQuery(null, "edge", "1", null, null, null)).items();
        assertEquals(List.of("edge.update", "edge.approved"), edgeOne.stream().map(AuditEntry::action).toList());
        assertEquals("location=Lyon", edgeOne.get(0).detail());
        assertEquals(1, audit.query(new AuditQuery("carol", null, null, null, null, null)).total());
        assertEquals(2, audit.query(new AuditQuery(null, null, null, NOW.plusSeconds(1), NOW.plusSeconds(3), null))
                .total());
    }

    @Test
    void loginOutcomesAreRecorded() {
        UserRecord dora = users.insert("dora", "hash", Role.VIEWER, NOW);
        assertNull(dora.lastLoginAt());
        users.recordLoginSuccess(dora.id(), NOW.plusSeconds(400));
        UserRecord after = users.findByUsername("dora").orElseThrow();
        assertEquals(NOW.plusSeconds(400), after.lastLoginAt());
        assertEquals(new User(dora.id(), "dora", Role.VIEWER, false, NOW, NOW.plusSeconds(400)), after.toUser());
    }

    @Test
    void aSessionShowsItsUsersCurrentState() {
        UserRecord erin = users.insert("erin", "hash", Role.MANAGER, NOW);
        String token = "0123456789abcdef".repeat(4);
        users.insertSession(token, erin.id(), NOW, NOW.plusSeconds(1800), NOW.plusSeconds(43200));
        users.update(erin.id(), Role.VIEWER, true, null, NOW.plusSeconds(1));
        assertEquals(new SessionRecord(token, erin.id(), "erin", Role.VIEWER, true, NOW, NOW.plusSeconds(1800),
                NOW.plusSeconds(43200)), users.findSession(token).orElseThrow());
        assertTrue(users.findSession("f".repeat(64)).isEmpty());
        users.deleteSession(token);
        assertTrue(users.findSession(token).isEmpty());
    }

    @Test
    void absoluteExpiryEndsASessionEvenWhenIdleExpiryIsLater() {
        UserRecord finn = users.insert("finn", "hash", Role.VIEWER, NOW);
        users.insertSession("a".repeat(64), finn.id(), NOW, NOW.plusSeconds(500), NOW.plusSeconds(100));
        assertEquals(1, users.deleteExpiredSessions(NOW.plusSeconds(100)));
    }

    @Test
    void usersAreListedByNameInPages() {
        for (String name : List.of("m-user-c", "m-user-a", "m-user-b")) {
            users.insert(name, "hash", Role.VIEWER, NOW);
        }
        long total = users.count();
        List<String> all = users.list(new PageRequest(1000, 0)).items().stream().map(UserRecord::username).toList();
        assertEquals(total, all.size());
        assertEquals(all.stream().sorted().toList(), all);
        int a = all.indexOf("m-user-a");
        var page = users.list(new PageRequest(2, a));
        assertEquals(List.of("m-user-a", "m-user-b"), page.items().stream().map(UserRecord::username).toList());
        assertEquals(total, page.total());
    }

    @Test
    void auditPagesAndTimeWindows() {
        Instant base = NOW.plusSeconds(10_000);
        for (int i = 0; i < 5; i++) {
            audit.insert(base.plusSeconds(i), "pager", "user.update", "user", "u" + i, null);
        }
        var page = audit.query(new AuditQuery("pager", null, null, null, null, new PageRequest(2, 1)));
        assertEquals(5, page.total());
        assertEquals(List.of("u3", "u2"), page.items().stream().map(AuditEntry::targetId).toList());
        var window = audit.query(new AuditQuery("pager", null, null, base.plusSeconds(1), base.plusSeconds(3), null));
        assertEquals(List.of("u2", "u1"), window.items().stream().map(AuditEntry::targetId).toList(),
                "from inclusive, to exclusive");
        AuditEntry newest = page.items().get(0);
        assertEquals(base.plusSeconds(3), newest.at());
        assertEquals("user.update", newest.action());
        assertEquals("user", newest.targetType());
    }
}
