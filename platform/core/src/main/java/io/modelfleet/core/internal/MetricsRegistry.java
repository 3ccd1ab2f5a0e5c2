package io.modelfleet.core.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

import org.osgi.service.component.annotations.Component;

import io.modelfleet.api.metrics.Metrics;

/**
 * A small lock-free Prometheus registry: counters and histograms keyed by name and label set, gauges read at scrape
 * time. Enough for the platform's own metrics without pulling a metrics library into every bundle.
 */
@Component(service = Metrics.class)
public final class MetricsRegistry implements Metrics {
    /** Latency buckets in seconds, from 1 ms to 10 s. */
    static final double[] BUCKETS = { 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 };

    private final Map<String, Family> families = new ConcurrentSkipListMap<>();

    private enum Type {
        COUNTER, HISTOGRAM, GAUGE
    }

    private record Family(String name, String help, Type type, Map<String, LongAdder> counters,
            Map<String, Histogram> histograms, DoubleSupplier gauge) {
    }

    private static final class Histogram {
        final LongAdder[] buckets = new LongAdder[BUCKETS.length];
        final LongAdder count = new LongAdder();
        final DoubleAdder sum = new DoubleAdder();

        Histogram() {
            Arrays.setAll(buckets, i -> new LongAdder());
        }

        void observe(double value) {
            for (int i = 0; i < BUCKETS.length; i++) {
                if (value <= BUCKETS[i]) {
                    buckets[i].increment();
                    break;
                }
            }
            count.increment();
            sum.add(value);
        }
    }

    @Override
    public void increment(String name, String help, long delta, String... labels) {
        family(name, help, Type.COUNTER, null).counters()
                .computeIfAbsent(labelText(labels), key -> new LongAdder()).add(delta);
    }

    @Override
    public void observe(String name, String help, double seconds, String... labels) {
        family(name, help, Type.HISTOGRAM, null).histograms()
                .computeIfAbsent(labelText(labels), key -> new Histogram()).observe(seconds);
    }

    @Override
    public void gauge(String name, String help, DoubleSupplier value) {
        families.put(name, new Family(name, help, Type.GAUGE, null, null, value));
    }

    private Family family(String name, String help, Type type, DoubleSupplier gauge) {
        Family family = families.computeIfAbsent(name,
                key -> new Family(name, help, type, new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), gauge));
        if (family.type() != type) {
            throw new IllegalArgumentException("metric " + name + " is a " + family.type() + ", not a " + type);
        }
        return family;
    }

    static String labelText(String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come as name/value pairs");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < labels.length; i += 2) {
            text.append(text.length() == 0 ? "" : ",").append(labels[i]).append("=\"")
                    .append(labels[i + 1].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
        }
        return text.toString();
    }

    @Override
    public String scrape() {
        StringBuilder out = new StringBuilder(4096);
        for (Family family : families.values()) {
            out.append("# HELP ").append(family.name()).append(' ').append(family.help()).append('\n');
            out.append("# TYPE ").append(family.name()).append(' ').append(family.type().name().toLowerCase()).append('\n');
            switch (family.type()) {
                case COUNTER -> new TreeMap<>(family.counters()).forEach((labels, value) ->
                        sample(out, family.name(), labels, value.sum()));
                case GAUGE -> sample(out, family.name(), "", gaugeValue(family.gauge()));
                case HISTOGRAM -> new TreeMap<>(family.histograms()).forEach((labels, histogram) -> {
                    long cumulative = 0;
                    String prefix = labels.isEmpty() ? "" : labels + ",";
                    for (int i = 0; i < BUCKETS.length; i++) {
                        cumulative += histogram.buckets[i].sum();
                        sample(out, family.name() + "_bucket", prefix + "le=\"" + BUCKETS[i] + "\"", cumulative);
                    }
                    sample(out, family.name() + "_bucket", prefix + "le=\"+Inf\"", histogram.count.sum());
                    sample(out, family.name() + "_sum", labels, histogram.sum.sum());
                    sample(out, family.name() + "_count", labels, histogram.count.sum());
                });
            }
        }
        return out.toString();
    }

    private static double gaugeValue(DoubleSupplier gauge) {
        try {
            return gauge.getAsDouble();
        } catch (RuntimeException e) {
            // a gauge whose source is down (e.g. the database) must not break the whole scrape
            return Double.NaN;
        }
    }

    private static void sample(StringBuilder out, String name, String labels, double value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ');
        if (value == Math.rint(value) && !Double.isInfinite(value)) {
            out.append((long) value);
        } else {
            out.append(value);
        }
        out.append('\n');
    }
}
