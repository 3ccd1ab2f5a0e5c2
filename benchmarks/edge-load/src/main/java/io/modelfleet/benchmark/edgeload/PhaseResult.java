package io.modelfleet.benchmark.edgeload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counters and latencies of one phase. */
final class PhaseResult {

    static final int MAX_ERROR_SAMPLES = 5;

    final String name;
    /** "results" or "rows" for phases that move items, else null. */
    final String itemName;
    final AtomicLong requests = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong items = new AtomicLong();
    final LatencyStats latencies = new LatencyStats();
    private final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());
    long elapsedNanos;

    PhaseResult(String name, String itemName) {
        this.name = name;
        this.itemName = itemName;
    }

    void error(String detail) {
        errors.incrementAndGet();
        synchronized (errorSamples) {
            if (errorSamples.size() < MAX_ERROR_SAMPLES) {
                errorSamples.add(detail);
            }
        }
    }

    List<String> errorSamples() {
        synchronized (errorSamples) {
            return new ArrayList<>(errorSamples);
        }
    }

    double seconds() {
        return elapsedNanos / 1e9;
    }

    double requestsPerSecond() {
        return elapsedNanos == 0 ? 0 : requests.get() / seconds();
    }

    double itemsPerSecond() {
        return elapsedNanos == 0 ? 0 : items.get() / seconds();
    }

    Map<String, Object> toMap() {
        LatencyStats.Summary s = latencies.summary();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("phase", name);
        m.put("requests", requests.get());
        m.put("errors", errors.get());
        m.put("retries", retries.get());
        m.put("elapsedSeconds", seconds());
        m.put("requestsPerSecond", requestsPerSecond());
        if (itemName != null) {
            m.put(itemName, items.get());
            m.put(itemName + "PerSecond", itemsPerSecond());
        }
        Map<String, Object> lat = new LinkedHashMap<>();
        lat.put("count", s.count());
        lat.put("p50", s.p50Ms());
        lat.put("p90", s.p90Ms());
        lat.put("p99", s.p99Ms());
        lat.put("max", s.maxMs());
        m.put("latencyMs", lat);
        m.put("errorSamples", errorSamples());
        return m;
    }
}
