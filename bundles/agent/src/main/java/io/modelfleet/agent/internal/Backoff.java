package io.modelfleet.agent.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: after the n-th failure in a row wait a random time between half and all of
 * min(cap, base*2^n),
 * so a fleet that lost its server does not come back in lockstep. A server's Retry-After is honoured as a floor.
 */
final class Backoff {
    private final long baseMillis;
    private final long capMillis;
    private int failures;
    private long notBeforeMillis;

    Backoff(long baseMillis, long capMillis) {
        this.baseMillis = baseMillis;
        this.capMillis = capMillis;
    }

    synchronized boolean ready(long nowMillis) {
        return nowMillis >= notBeforeMillis;
    }

    synchronized long failed(long nowMillis, long retryAfterMillis) {
        failures = Math.min(failures + 1, 30);
        long ceiling = Math.min(capMillis, baseMillis << Math.min(failures, 20));
        long wait = Math.max(retryAfterMillis, ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
        notBeforeMillis = nowMillis + wait;
        return wait;
    }

    synchronized void succeeded() {
        failures = 0;
        notBeforeMillis = 0;
    }

    synchronized int failures() {
        return failures;
    }
}
