package io.modelfleet.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.security.AuditEntry;
import io.modelfleet.api.security.AuditQuery;
import io.modelfleet.persistence.internal.MyBatisAuditStore;
import io.modelfleet.persistence.testing.TestDatabase;

class DbAuditLogTest {
    private static TestDatabase db;
    private static MutableClock clock;
    private static DbAuditLog audit;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create();
        clock = new MutableClock(Instant.parse("2026-11-23T09:00:00.123456Z"));
        audit = new DbAuditLog(new MyBatisAuditStore(db.database()), clock);
    }

    @AfterAll
    static void tearDown() throws Exception {
        db.close();
    }

    private static List<AuditEntry> entriesFor(String targetId) {
        return audit.query(new AuditQuery(null, "thing", targetId, null, null, null)).items();
    }

    @Test
    void recordsWhoDidWhatToWhichObjectAndWhen() {
        audit.record("alice", "thing.create", "thing", "t-1", "colour=red");
        List<AuditEntry> entries = entriesFor("t-1");
        assertEquals(1, entries.size());
        AuditEntry entry = entries.get(0);
        assertEquals("alice", entry.actor());
        assertEquals("thing.create", entry.action());
        assertEquals("colour=red", entry.detail());
        assertEquals(Instant.parse("2026-11-23T09:00:00.123Z"), entry.at(), "the clock's time, in stored precision");
    }

    @Test
    void cutsAnOverlongDetailInsteadOfFailing() {
        audit.record("alice", "thing.update", "thing", "t-2", "x".repeat(10_000));
        String detail = entriesFor("t-2").get(0).detail();
        assertEquals(DbAuditLog.MAX_DETAIL, detail.length());
        assertTrue(detail.endsWith("…"));
        audit.record("alice", "thing.update", "thing", "t-3", "x".repeat(DbAuditLog.MAX_DETAIL));
        assertEquals("x".repeat(DbAuditLog.MAX_DETAIL), entriesFor("t-3").get(0).detail(), "exactly at the limit: kept");
        audit.record("alice", "thing.update", "thing", "t-4", null);
        assertNull(entriesFor("t-4").get(0).detail());
    }

    @Test
    void neverCutsACharacterInHalf() {
        String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units
        String truncated = DbAuditLog.truncate("x".repeat(DbAuditLog.MAX_DETAIL - 2) + emoji + "tail");
        assertEquals("x".repeat(DbAuditLog.MAX_DETAIL - 2) + "…", truncated);
    }

    @Test
    void refusesSearchableFieldsThatDoNotFit() {
        assertThrows(InvalidInputException.class, () -> audit.record("a".repeat(129), "x", "thing", "t", null));
        assertThrows(InvalidInputException.class, () -> audit.record(null, "x", "thing", "t", null));
        assertThrows(InvalidInputException.class, () -> audit.record("alice", "a".repeat(65), "thing", "t", null));
        assertThrows(InvalidInputException.class, () -> audit.record("alice", " ", "thing", "t", null));
        assertThrows(InvalidInputException.class, () -> audit.record("alice", "x", "a".repeat(65), "t", null));
        assertThrows(InvalidInputException.class, () -> audit.record("alice", "x", "thing", "a".repeat(129), null));
        audit.record("a".repeat(128), "a".repeat(64), "thing", "b".repeat(128), null);
        assertEquals(1, entriesFor("b".repeat(128)).size(), "exactly at every limit: stored");
    }
}
