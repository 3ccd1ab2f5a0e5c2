package io.modelfleet.core.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * Values per edge read from the database, trusted for at most a maximum age and only while {@link EdgeChanges} knows
 * of no change of the edge since the read started. Holds one entry per edge this server has seen.
 */
final class EdgeCache<V> {
    private record Entry<V>(V value, long loadedAt) {
    }

    private final EdgeChanges changes;
    private final long maxAgeNanos;
    private final Map<Long, Entry<V>> entries = new ConcurrentHashMap<>();

    EdgeCache(EdgeChanges changes, Duration maxAge) {
        this.changes = changes;
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** The cached value, or what {@code load} reads now (not cached when it throws). */
    V get(long edgeId, LongFunction<V> load) {
        Entry<V> entry = entries.get(edgeId);
        if (entry != null && System.nanoTime() - entry.loadedAt() < maxAgeNanos
                && changes.unchangedSince(edgeId, entry.loadedAt())) {
            return entry.value();
        }
        long loadedAt = System.nanoTime();
        V value = load.apply(edgeId);
        entries.put(edgeId, new Entry<>(value, loadedAt));
        return value;
    }

    /** Caches a value the caller read from the database; {@code loadedAt} is {@link System#nanoTime()} before the read. */
    void put(long edgeId, V value, long loadedAt) {
        entries.put(edgeId, new Entry<>(value, loadedAt));
    }

    void remove(long edgeId) {
        entries.remove(edgeId);
    }
}
