package io.modelfleet.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsRegistryTest {
    private final MetricsRegistry metrics = new MetricsRegistry();

    @Test
    void countersAddUpPerLabelSet() {
        metrics.increment("jobs_total", "Jobs", 2, "kind", "a");
        metrics.increment("jobs_total", "Jobs", 3, "kind", "a");
        metrics.increment("jobs_total", "Jobs", 1, "kind", "b");
        String text = metrics.scrape();
        assertTrue(text.contains("# TYPE jobs_total counter\n"), text);
        assertTrue(text.contains("jobs_total{kind=\"a\"} 5\n"), text);
        assertTrue(text.contains("jobs_total{kind=\"b\"} 1\n"), text);
    }

    @Test
    void histogramBucketsAreCumulative() {
        metrics.observe("latency_seconds", "Latency", 0.004, "route", "/x");
        metrics.observe("latency_seconds", "Latency", 0.2, "route", "/x");
        metrics.observe("latency_seconds", "Latency", 30, "route", "/x");
        String text = metrics.scrape();
        assertTrue(text.contains("latency_seconds_bucket{route=\"/x\",le=\"0.005\"} 1\n"), text);
        assertTrue(text.contains("latency_seconds_bucket{route=\"/x\",le=\"0.25\"} 2\n"), text);
        assertTrue(text.contains("latency_seconds_bucket{route=\"/x\",le=\"10.0\"} 2\n"), text);
        assertTrue(text.contains("latency_seconds_bucket{route=\"/x\",le=\"+Inf\"} 3\n"), text);
        assertTrue(text.contains("latency_seconds_count{route=\"/x\"} 3\n"), text);
    }

    @Test
    void gaugesAreReadAtScrapeTimeAndAFailingGaugeIsNaN() {
        double[] value = { 7 };
        metrics.gauge("things", "Things", () -> value[0]);
        assertTrue(metrics.scrape().contains("things 7\n"));
        value[0] = 9;
        assertTrue(metrics.scrape().contains("things 9\n"));
        metrics.gauge("broken", "Broken", () -> {
            throw new IllegalStateException("database down");
        });
        assertTrue(metrics.scrape().contains("broken NaN\n"));
    }

    @Test
    void labelValuesAreEscapedAndMisuseIsRefused() {
        assertEquals("a=\"x\\\"y\\\\z\\n\"", MetricsRegistry.labelText("a", "x\"y\\z\n"));
        assertThrows(IllegalArgumentException.class, () -> MetricsRegistry.labelText("a"));
        metrics.increment("mixed", "Mixed", 1);
        assertThrows(IllegalArgumentException.class, () -> metrics.observe("mixed", "Mixed", 1.0));
    }
}
