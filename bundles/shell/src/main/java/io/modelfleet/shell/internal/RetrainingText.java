package io.modelfleet.shell.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.alert.AlertRule;
import io.modelfleet.api.model.ModelRegistry;
import io.modelfleet.api.stream.Retraining;
import io.modelfleet.api.stream.RetrainingPolicy;
import io.modelfleet.api.stream.Stream;

/** Retraining policies and retrainings in words, shared by the retraining commands. */
final class RetrainingText {
    private RetrainingText() {
    }

    static void line(StringBuilder out, String label, Object value) {
        out.append("  ").append(String.format("%-11s", label)).append(Format.text(value)).append('\n');
    }

    /** "parts-ok (3)": stream names are what operators type, the id is what the API and the logs say. */
    static String stream(Stream stream) {
        return stream.name() + " (" + stream.id() + ")";
    }

    /** The policy as a heading and labelled lines: what starts a retraining and what it does then. */
    static String policy(Stream stream, RetrainingPolicy policy, List<AlertRule> rules) {
        StringBuilder out = new StringBuilder();
        out.append("Retraining policy of ").append(stream(stream)).append(policy.enabled() ? "" : " (disabled)")
                .append('\n');
        line(out, "triggers", policy.triggerRuleIds().isEmpty() ? "none: its rules were deleted, it starts nothing"
                : triggers(policy.triggerRuleIds(), rules));
        line(out, "imports", "at most " + policy.maxItems() + " samples from " + policy.source() + ", "
                + (policy.maxScore() == null ? "any score (a LOW_CONFIDENCE_RATE trigger: below its score)"
                        : "scoring at most " + Format.number(policy.maxScore())));
        line(out, "labels", policy.waitForLabels()
                ? "waits for relabeling after the import (then fleet:retraining-continue)"
                : "as the model predicted them");
        line(out, "gate", gate(policy));
        line(out, "approval", policy.autoApprove() ? "automatic when the gate passes"
                : "by a person (fleet:model-stage <version> APPROVED)");
        line(out, "cooldown", policy.cooldownMinutes() == 0 ? "none"
                : policy.cooldownMinutes() + " min between retrainings");
        return out.toString();
    }

    /** The trigger rules by name and kind; an id no longer listed (deleted meanwhile) stays an id. */
    static String triggers(List<Long> ids, List<AlertRule> rules) {
        Map<Long, AlertRule> byId = rules.stream().collect(Collectors.toMap(AlertRule::id, rule -> rule, (a, b) -> a));
        return ids.stream().map(id -> byId.containsKey(id)
                ? byId.get(id).name() + " (" + id + ", " + byId.get(id).kind() + ")" : "rule " + id)
                .collect(Collectors.joining(", "));
    }

    static String gate(RetrainingPolicy policy) {
        if (policy.gateMetric() == null) {
            return "none";
        }
        List<String> limits = new ArrayList<>();
        if (policy.gateMinValue() != null) {
            limits.add("at least " + Format.number(policy.gateMinValue()));
        }
        if (policy.gateMaxDrop() != null) {
            limits.add("at most " + Format.number(policy.gateMaxDrop()) + " below the version it replaces");
        }
        return policy.gateMetric() + " " + String.join(", ", limits);
    }

    /**
     * Model version references by id, each looked up once; a version deleted meanwhile stays an id (the retraining
     * still names it).
     */
    static Function<Long, String> modelNames(ModelRegistry models) {
        Map<Long, String> known = new HashMap<>();
        return id -> id == null ? null : known.computeIfAbsent(id, key -> {
            try {
                return models.getVersion(key).reference();
            } catch (NotFoundException e) {
                return "version " + key;
            }
        });
    }

    /** "parts-ok:v1.4 -> parts-ok:v1.5": the version the alert was about, then the one the retraining trained. */
    static String models(Retraining retraining, Function<Long, String> names) {
        if (retraining.replacesVersion() == null && retraining.modelVersionId() == null) {
            return "-";
        }
        return Format.text(retraining.replacesVersion()) + " -> "
                + Format.text(names.apply(retraining.modelVersionId()));
    }

    /** The import's filters as key=value, sorted: the API keeps them in a map without order. */
    static String importOptions(Map<String, String> options) {
        return options.isEmpty() ? "-"
                : new TreeMap<>(options).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", "));
    }

    /** "Retraining 7 (parts-ok) is now TRAINING: message", how changes report the retraining they changed. */
    static String changed(Retraining retraining) {
        return "Retraining " + retraining.id() + " (" + retraining.streamName() + ") is now " + retraining.state()
                + (retraining.message() == null || retraining.message().isBlank() ? "" : ": " + retraining.message());
    }
}
