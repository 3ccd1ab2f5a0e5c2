package io.modelfleet.api.rollout;

import java.time.Instant;
import java.util.Map;

/**
 * One wave: its edges, how many stand where ({@code WAITING} before the wave started, then {@code PENDING}, ...,
 * {@code ACTIVE}, {@code FAILED}, {@code ROLLED_BACK}), when it started, when every edge had settled (ACTIVE, FAILED
 * or ROLLED_BACK; the soak time counts from then) and when it was judged.
 */
public record RolloutWave(int number, int edges, Map<String, Integer> statusCounts, Instant startedAt,
        Instant settledAt, Instant finishedAt) {
    public RolloutWave {
        statusCounts = statusCounts == null ? Map.of() : Map.copyOf(statusCounts);
    }
}
