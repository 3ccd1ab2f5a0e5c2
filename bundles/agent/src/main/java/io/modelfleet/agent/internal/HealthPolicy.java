package io.modelfleet.agent.internal;

/**
 * When a new model counts as healthy. Before a swap: it loads and its warm-up runs succeed within
 * {@code maxLatencyMs}. After the swap, during {@code windowMillis}: once {@code minRequests} live requests were
 * seen, an error rate above {@code maxErrorRate} or a mean latency above {@code maxLatencyMs} rolls it back.
 */
record HealthPolicy(int warmupRuns, long windowMillis, int minRequests, double maxErrorRate, double maxLatencyMs) {
    static final HealthPolicy DEFAULT = new HealthPolicy(5, 30_000, 10, 0.2, 1000);
}
