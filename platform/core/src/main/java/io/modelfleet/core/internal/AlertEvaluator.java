package io.modelfleet.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.modelfleet.api.alert.AlertKind;
import io.modelfleet.api.alert.AlertRule;
import io.modelfleet.api.alert.AlertState;
import io.modelfleet.api.ConflictException;
import io.modelfleet.api.inference.AggregateQuery;
import io.modelfleet.api.model.DriftMeasure;
import io.modelfleet.api.model.DriftQuery;
import io.modelfleet.api.model.DriftReport;
import io.modelfleet.api.inference.InferenceBucket;
import io.modelfleet.api.stream.RunState;
import io.modelfleet.persistence.AlertStore;
import io.modelfleet.persistence.EdgeSeen;
import io.modelfleet.persistence.InferenceStore;
import io.modelfleet.persistence.OpenAlert;

/**
 * Evaluates every alert rule on the server holding the evaluator's lease, every {@code evaluateIntervalSeconds}.
 * Nothing scans raw results: edges' last-seen times are read once per pass (per tag for tag-scoped rules), rates come
 * from the inference rollups (per minute for the fleet and model versions, per hour for one edge) plus the few raw
 * rows not counted yet. Each rule's measurement is compared with its open alerts: a subject whose condition holds and
 * has none gets one (the open-subject key deduplicates even across servers), a FIRING one is reminded every
 * {@code renotifyMinutes}, a SILENCED one whose silence ended fires again, and an open alert whose condition no
 * longer holds is resolved.
 */
@Component(service = AlertEvaluator.class, immediate = true, configurationPid = AlertConfiguration.PID)
public final class AlertEvaluator {
    private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);
    static final String LEASE = "alert-evaluator";
    static final String FLEET = "fleet";

    /** One subject of one rule as measured now. */
    record Measurement(String subject, String label, boolean holds, double value, String message) {
    }

    private record DriftMeasured(AlertRule rule, Instant at, Measurement measurement, boolean decisive) {
    }

    private static final Duration DRIFT_EVERY = Duration.ofMinutes(1);

    private final AlertStore store;
    private final InferenceStore inference;
    private final DriftServiceImpl drift;
    private final Clock clock;
    private final String owner;
    private final Duration lease;
    private final ScheduledExecutorService scheduler;
    /** The last drift measurement per rule, kept by the evaluator's one thread. */
    private final Map<Long, DriftMeasured> lastDrift = new HashMap<>();

    @Activate
    public AlertEvaluator(@Reference AlertStore store, @Reference InferenceStore inference,
            @Reference DriftServiceImpl drift, AlertConfiguration config) {
        this(store, inference, drift, Clock.systemUTC(), config.nodeId().isBlank() ? TrainingCoordinator.defaultNodeId()
                : config.nodeId(), Duration.ofSeconds(config.leaseSeconds()));
        scheduler.scheduleWithFixedDelay(this::evaluateSafely, config.evaluateIntervalSeconds(),
                config.evaluateIntervalSeconds(), TimeUnit.SECONDS);
    }

    AlertEvaluator(AlertStore store, InferenceStore inference, DriftServiceImpl drift, Clock clock, String owner,
            Duration lease) {
        this.store = store;
        this.inference = inference;
        this.drift = drift;
        this.clock = clock;
        this.owner = owner;
        this.lease = lease;
        this.scheduler = Daemons.scheduler("modelfleet-alerts");
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }

    private void evaluateSafely() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            LOG.warn("Evaluating alert rules failed; trying again next interval", e);
        }
    }

    /** One pass over every rule. @return false when another server holds the lease (nothing evaluated) */
    public boolean evaluate() {
        Instant now = clock.instant();
        if (!store.acquireLease(LEASE, owner, now.plus(lease), now)) {
            return false;
        }
        Map<Long, List<OpenAlert>> open = new HashMap<>();
        for (OpenAlert alert : store.openAlerts()) {
            open.computeIfAbsent(alert.ruleId(), r -> new ArrayList<>()).add(alert);
        }
        List<AlertRule> rules = store.rules();
        // per tag scope, the edges unseen for the shortest window any rule of that scope has: one indexed read
        Map<String, AlertRule> shortest = new HashMap<>();
        for (AlertRule rule : rules) {
            if (rule.enabled() && rule.kind() == AlertKind.EDGE_OFFLINE) {
                shortest.merge(scope(rule), rule, (a, b) -> a.windowMinutes() <= b.windowMinutes() ? a : b);
            }
        }
        Map<String, List<EdgeSeen>> edges = new HashMap<>();
        shortest.forEach((scope, rule) -> edges.put(scope, store.approvedEdgesSeenBefore(rule.tagKey(),
                rule.tagValue(), now.minus(rule.windowMinutes(), ChronoUnit.MINUTES))));
        for (AlertRule rule : rules) {
            List<OpenAlert> ruleAlerts = open.getOrDefault(rule.id(), List.of());
            if (!rule.enabled() && ruleAlerts.isEmpty()) {
                continue;
            }
            try {
                Map<String, Measurement> measured = rule.enabled() ? measure(rule, now, edges) : Map.of();
                reconcile(rule, measured, ruleAlerts, now);
            } catch (RuntimeException e) {
                // one rule that cannot be measured or recorded leaves the others watched
                LOG.warn("Alert rule {} ({}) could not be evaluated; trying again next pass", rule.id(), rule.name(), e);
            }
        }
        return true;
    }

    private Map<String, Measurement> measure(AlertRule rule, Instant now, Map<String, List<EdgeSeen>> edges) {
        Map<String, Measurement> measured = new LinkedHashMap<>();
        if (rule.kind() == AlertKind.EDGE_OFFLINE) {
            Instant cutoff = now.minus(rule.windowMinutes(), ChronoUnit.MINUTES);
            for (EdgeSeen edge : edges.getOrDefault(scope(rule), List.of())) {
                if (rule.edgeId() != null && edge.id() != rule.edgeId()) {
                    continue;
                }
                boolean offline = edge.lastSeenAt().isBefore(cutoff);
                if (offline) {
                    long minutes = Duration.between(edge.lastSeenAt(), now).toMinutes();
                    String subject = "edge:" + edge.id();
                    measured.put(subject, new Measurement(subject, "edge " + edge.name(), true, minutes,
                            "edge " + edge.name() + " has not been seen for " + minutes + " minutes (since "
                                    + edge.lastSeenAt().truncatedTo(ChronoUnit.SECONDS) + ")"));
                }
            }
            return measured;
        }
        if (rule.kind().event()) {
            Instant since = now.minus(rule.windowMinutes(), ChronoUnit.MINUTES);
            List<AlertStore.Occurrence> occurrences = switch (rule.kind()) {
                case ROLLOUT_FAILED -> store.failedRollouts(since);
                case TRAINING_FAILED -> store.finishedRuns(RunState.FAILED, since);
                default -> store.finishedRuns(RunState.SUCCEEDED, since);
            };
            for (AlertStore.Occurrence o : occurrences) {
                measured.put(o.subject(), new Measurement(o.subject(), o.label(), true, 1, o.message()));
            }
            return measured;
        }
        Measurement rate = rule.kind() == AlertKind.DRIFT ? driftOf(rule, now) : measureRate(rule, now);
        measured.put(rate.subject(), rate);
        return measured;
    }

    /**
     * Drift compares thousands of samples with the training data: a decisive measurement (enough samples) stands for
     * a minute per rule, unless the rule changed; one with too few samples is cheap and is taken again next pass.
     */
    private Measurement driftOf(AlertRule rule, Instant now) {
        DriftMeasured last = lastDrift.get(rule.id());
        if (last != null && last.rule().equals(rule) && last.at().plus(DRIFT_EVERY).isAfter(now)) {
            return last.measurement();
        }
        DriftMeasured measured = measureDrift(rule, now);
        if (measured.decisive()) {
            lastDrift.put(rule.id(), measured);
        } else {
            lastDrift.remove(rule.id());
        }
        return measured.measurement();
    }

    private DriftMeasured measureDrift(AlertRule rule, Instant now) {
        String subject = "model:" + rule.modelVersion() + (rule.tagKey() == null ? ""
                : "|tag:" + rule.tagKey() + "=" + rule.tagValue());
        String label = "model " + rule.modelVersion() + (rule.tagKey() == null ? ""
                : " on edges " + rule.tagKey() + "=" + rule.tagValue());
        DriftReport report;
        try {
            report = drift.driftOf(rule.modelVersion(), new DriftQuery(rule.windowMinutes(), rule.tagKey(),
                    rule.tagValue(), rule.threshold(), null, (int) Math.min(rule.minResults(), 1_000_000))).orElse(null);
        } catch (ConflictException e) {
            return new DriftMeasured(rule, now, new Measurement(subject, label, false, 0, e.getMessage()), true);
        }
        if (report == null) {
            return new DriftMeasured(rule, now, new Measurement(subject, label, false, 0, "model version "
                    + rule.modelVersion() + " does not exist"), true);
        }
        List<String> drifted = report.measures().stream().filter(DriftMeasure::drifted)
                .map(m -> m.name() + String.format(Locale.ROOT, " (PSI %.2f, p %.1e)", m.psi(), m.pValue())).toList();
        String message = drifted.isEmpty()
                ? report.liveCount() + " samples of " + label + " over the last " + rule.windowMinutes()
                        + " min match the training data" + (report.liveCount() < report.minLive() ? " (too few to compare)" : "")
                : label + " drifted from its training data over the last " + rule.windowMinutes() + " min ("
                        + report.liveCount() + " samples): " + String.join(", ", drifted);
        return new DriftMeasured(rule, now, new Measurement(subject, label, report.drifted(), report.maxPsi(), message),
                report.liveCount() >= report.minLive());
    }

    private static String scope(AlertRule rule) {
        return rule.tagKey() == null ? "" : rule.tagKey() + "\u0000" + rule.tagValue();
    }

    private Measurement measureRate(AlertRule rule, Instant now) {
        Instant from;
        Instant to;
        String subject;
        String label;
        if (rule.edgeId() != null) {
            // the rollups keep one edge per hour: the window is whole hours, the current one included
            Instant hour = now.truncatedTo(ChronoUnit.HOURS);
            long hours = Math.max(1, (rule.windowMinutes() + 59) / 60);
            from = hour.minus(hours - 1, ChronoUnit.HOURS);
            to = hour.plus(1, ChronoUnit.HOURS);
            subject = "edge:" + rule.edgeId();
            label = "edge " + store.edgeName(rule.edgeId()).orElse(Long.toString(rule.edgeId()));
        } else {
            Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
            from = minute.minus(rule.windowMinutes() - 1L, ChronoUnit.MINUTES);
            to = minute.plus(1, ChronoUnit.MINUTES);
            subject = rule.modelVersion() == null ? FLEET : "model:" + rule.modelVersion();
            label = rule.modelVersion() == null ? "the fleet" : "model " + rule.modelVersion();
        }
        List<InferenceBucket> buckets = inference.aggregate(new AggregateQuery(rule.edgeId(), rule.modelVersion(), from,
                to, Duration.between(from, to).getSeconds(), rule.scoreBelow()));
        long results = buckets.stream().mapToLong(InferenceBucket::count).sum();
        long window = Duration.between(from, to).toMinutes();
        String over = " over the last " + (rule.edgeId() != null ? window / 60 + " h" : window + " min");
        if (rule.kind() == AlertKind.LOW_CONFIDENCE_RATE) {
            long low = buckets.stream().mapToLong(InferenceBucket::lowConfidence).sum();
            if (results < rule.minResults()) {
                return new Measurement(subject, label, false, 0, results + " results" + over + " (fewer than "
                        + rule.minResults() + ")");
            }
            double percent = 100.0 * low / results;
            return new Measurement(subject, label, percent > rule.threshold(), percent,
                    percent(percent) + " of " + results + " results of " + label + " scored below " + rule.scoreBelow()
                            + over + " (threshold " + percent(rule.threshold()) + ")");
        }
        long failures = buckets.stream().mapToLong(InferenceBucket::failures).sum();
        long inferences = results + failures;
        if (inferences < rule.minResults()) {
            return new Measurement(subject, label, false, 0, inferences + " inferences" + over + " (fewer than "
                    + rule.minResults() + ")");
        }
        double percent = 100.0 * failures / inferences;
        return new Measurement(subject, label, percent > rule.threshold(), percent,
                percent(percent) + " of " + inferences + " inferences of " + label + " failed" + over + " (threshold "
                        + percent(rule.threshold()) + ")");
    }

    private void reconcile(AlertRule rule, Map<String, Measurement> measured, List<OpenAlert> open, Instant now) {
        Map<String, OpenAlert> bySubject = new HashMap<>();
        for (OpenAlert alert : open) {
            bySubject.put(alert.subject(), alert);
        }
        for (Measurement m : measured.values()) {
            if (!m.holds()) {
                continue;
            }
            OpenAlert alert = bySubject.get(m.subject());
            if (alert == null) {
                store.fire(rule.id(), m.subject(), m.label(), m.value(), m.message(), rule.channelIds(), now);
            } else if (alert.state() == AlertState.SILENCED && alert.silencedUntil() != null
                    && !alert.silencedUntil().isAfter(now)) {
                store.remind(alert.id(), alert.lastNotifiedAt(), "silence ended; still firing: " + m.message(),
                        rule.channelIds(), now);
            } else if (alert.state() == AlertState.FIRING && rule.renotifyMinutes() > 0 && !rule.kind().event()
                    && !alert.lastNotifiedAt().plus(rule.renotifyMinutes(), ChronoUnit.MINUTES).isAfter(now)) {
                store.remind(alert.id(), alert.lastNotifiedAt(), "still firing: " + m.message(), rule.channelIds(), now);
            }
        }
        for (OpenAlert alert : open) {
            Measurement m = measured.get(alert.subject());
            if (m == null || !m.holds()) {
                String message = !rule.enabled() ? "the rule was disabled"
                        : m != null ? "cleared: " + m.message()
                        : rule.kind() == AlertKind.EDGE_OFFLINE ? "the edge is online again (or no longer watched)"
                        : rule.kind().event() ? "older than the rule's " + rule.windowMinutes() + " minutes"
                        : "cleared";
                // an occurrence was told when it fired; its passing is not news
                boolean tell = rule.enabled() && !rule.kind().event();
                store.resolve(alert.id(), message, tell ? rule.channelIds() : List.of(), now);
            }
        }
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f%%", value);
    }
}
