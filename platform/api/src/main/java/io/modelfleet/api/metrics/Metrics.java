package io.modelfleet.api.metrics;

import java.util.function.DoubleSupplier;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Process-wide metrics in the Prometheus model. Names follow Prometheus conventions; labels are given as alternating
 * name/value pairs and must come from a small fixed set (route templates, not raw paths).
 */
@ProviderType
public interface Metrics {

    void increment(String name, String help, long delta, String... labels);

    /** Records one observation (seconds) into a latency histogram. */
    void observe(String name, String help, double seconds, String... labels);

    /** Registers a gauge read at scrape time; registering the same name again replaces it. */
    void gauge(String name, String help, DoubleSupplier value);

    /** Renders every metric in the Prometheus text exposition format 0.0.4. */
    String scrape();
}
