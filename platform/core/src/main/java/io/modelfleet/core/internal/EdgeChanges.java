package io.modelfleet.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.modelfleet.persistence.EdgeChange;
import io.modelfleet.persistence.EdgeChangeStore;

/**
 * Follows the edge change feed ({@link EdgeChangeStore}), so caches keyed by edge ({@link EdgeCache}: verified
 * credentials, desired-state ETags) can keep entries for minutes on every replica, yet drop one within about a second
 * of a change on any replica. While the feed cannot be read for {@link #STALE_AFTER}, no cached entry is trusted: the
 * caches read the database again, so a replica cut off from the feed never serves an old credential for long.
 */
@Component(service = EdgeChanges.class)
public final class EdgeChanges {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeChanges.class);
    static final long FOLLOW_MILLIS = 1_000;
    /** How long cached entries stay trusted without a successful read of the feed. */
    static final Duration STALE_AFTER = Duration.ofSeconds(10);
    /** How long a change is remembered here, so no cache may keep an entry longer. */
    static final Duration REMEMBER = Duration.ofHours(1);
    /** Rows older than this are deleted by whichever server gets there first; every server read them long ago. */
    static final Duration KEEP_ROWS = Duration.ofHours(2);
    /**
     * How long an id below the newest one read is awaited: transactions commit in another order than they take ids,
     * and no transaction that changes edges stays open longer.
     */
    static final Duration AWAIT_MISSING = Duration.ofMinutes(2);
    static final int READ_LIMIT = 10_000;
    static final int MAX_MISSING = 1_000;
    static final int DELETE_BATCH = 5_000;

    private final EdgeChangeStore store;
    private final Clock clock;
    private final long staleNanos;
    private final ScheduledExecutorService follower;
    /** Edge id -> System.nanoTime() at which a change of it was learned. */
    private final Map<Long, Long> changedAt = new ConcurrentHashMap<>();
    private volatile long everyEdgeChangedAt = System.nanoTime();
    /** When the last complete read of the feed started: every change committed before it is known. */
    private volatile long currentAsOf;
    // the follower thread's own state
    private long lastSeenId = -1;
    private final Map<Long, Long> missingSince = new LinkedHashMap<>();
    private long lastCleanup = System.nanoTime();

    @Activate
    public EdgeChanges(@Reference EdgeChangeStore store) {
        this(store, Clock.systemUTC(), STALE_AFTER, FOLLOW_MILLIS);
    }

    EdgeChanges(EdgeChangeStore store, Clock clock, Duration staleAfter, long followMillis) {
        this.store = store;
        this.clock = clock;
        this.staleNanos = staleAfter.toNanos();
        this.currentAsOf = System.nanoTime() - staleNanos - 1;
        this.follower = Daemons.scheduler("modelfleet-edge-changes");
        follower.scheduleWithFixedDelay(this::followSafely, 0, followMillis, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        follower.shutdownNow();
    }

    /** A cache of values per edge, trusted for at most {@code maxAge} and only while the edge did not change. */
    <V> EdgeCache<V> cache(Duration maxAge) {
        return new EdgeCache<>(this, maxAge.compareTo(REMEMBER) > 0 ? REMEMBER : maxAge);
    }

    /**
     * True when no change of the edge is known since {@code sinceNanos} (a {@link System#nanoTime()}) and the feed was
     * read completely less than {@link #STALE_AFTER} ago.
     */
    boolean unchangedSince(long edgeId, long sinceNanos) {
        if (System.nanoTime() - currentAsOf > staleNanos || everyEdgeChangedAt - sinceNanos >= 0) {
            return false;
        }
        Long at = changedAt.get(edgeId);
        return at == null || at - sinceNanos < 0;
    }

    /** This server changed the edge: its caches drop it now; the others learn it from the feed. */
    void changedHere(long edgeId) {
        changed(edgeId, System.nanoTime());
    }

    void everyEdgeChangedHere() {
        changedEverywhere(System.nanoTime());
    }

    private void followSafely() {
        try {
            follow();
        } catch (RuntimeException e) {
            LOG.warn("Could not read the edge change feed; cached edge credentials and desired states are not trusted "
                    + "until it can be read again: {}", e.toString());
        }
    }

    /** Reads what was committed since the last read; called by the follower thread (and tests). */
    void follow() {
        long start = System.nanoTime();
        if (lastSeenId < 0) {
            // nothing cached before now can be vouched for: the changes before the newest id were never read here.
            // Start a little below it, so ids below the newest that are not committed yet are awaited like any gap
            lastSeenId = Math.max(0, store.latestChangeId() - MAX_MISSING);
            changedEverywhere(System.nanoTime());
        }
        boolean complete;
        do {
            List<EdgeChange> changes = store.changesAfter(lastSeenId, List.copyOf(missingSince.keySet()), READ_LIMIT);
            // after the read: whatever a cache loaded before a change committed, it loaded before this moment
            long learned = System.nanoTime();
            for (EdgeChange change : changes) {
                apply(change, learned);
                missingSince.remove(change.id());
                if (change.id() > lastSeenId) {
                    if (change.id() - lastSeenId - 1 > MAX_MISSING) {
                        changedEverywhere(learned); // more ids missing than are awaited: some change may be lost
                    }
                    for (long gap = Math.max(lastSeenId + 1, change.id() - MAX_MISSING); gap < change.id(); gap++) {
                        missingSince.put(gap, learned);
                    }
                    lastSeenId = change.id();
                }
            }
            complete = changes.size() < READ_LIMIT;
        } while (!complete);
        forgetOld(start);
        currentAsOf = start;
    }

    private void apply(EdgeChange change, long learned) {
        if (change.everyEdge()) {
            changedEverywhere(learned);
        } else if (change.edgeId() != null) {
            changed(change.edgeId(), learned);
        } else {
            for (long edgeId : store.rolloutEdges(change.rolloutId(), change.wave())) {
                changed(edgeId, learned);
            }
        }
    }

    /** Times only move forward: a change learned here a moment ago is not undone by the feed's older news of it. */
    private void changed(long edgeId, long at) {
        changedAt.merge(edgeId, at, (known, learned) -> learned - known > 0 ? learned : known);
    }

    private synchronized void changedEverywhere(long at) {
        if (at - everyEdgeChangedAt > 0) {
            everyEdgeChangedAt = at;
        }
    }

    private void forgetOld(long now) {
        long awaitNanos = AWAIT_MISSING.toNanos();
        missingSince.values().removeIf(since -> now - since > awaitNanos);
        if (missingSince.size() > MAX_MISSING) {
            changedEverywhere(System.nanoTime()); // ids no longer awaited may still bring changes
            for (Iterator<Long> oldest = missingSince.keySet().iterator(); missingSince.size() > MAX_MISSING;) {
                oldest.next();
                oldest.remove();
            }
        }
        long rememberNanos = REMEMBER.toNanos();
        changedAt.values().removeIf(at -> now - at > rememberNanos);
        if (now - lastCleanup > TimeUnit.MINUTES.toNanos(1)) {
            lastCleanup = now;
            store.deleteChangesBefore(clock.instant().minus(KEEP_ROWS), DELETE_BATCH);
        }
    }
}
