package io.modelfleet.shell.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.modelfleet.api.alert.Alert;
import io.modelfleet.api.alert.AlertKind;
import io.modelfleet.api.alert.AlertRule;
import io.modelfleet.api.alert.ChannelType;
import io.modelfleet.api.alert.NotificationChannel;

/** Alerts, rules and channels in words, shared by the alerting commands. */
final class AlertText {
    private AlertText() {
    }

    static void line(StringBuilder out, String label, Object value) {
        out.append("  ").append(String.format("%-13s", label)).append(Format.text(value)).append('\n');
    }

    /**
     * What an alert measured: minutes offline for EDGE_OFFLINE, the largest PSI for DRIFT, a percentage for rates,
     * nothing for the event kinds (the message says what happened).
     */
    static String value(AlertKind kind, double value) {
        return switch (kind) {
            case EDGE_OFFLINE -> Format.number(value) + " min";
            case DRIFT -> "PSI " + Format.measured(value);
            case ROLLOUT_FAILED, TRAINING_FAILED, TRAINING_SUCCEEDED -> "-";
            default -> Format.measured(value) + "%";
        };
    }

    /** "offline-cameras (3)": names repeat across rules' alerts, ids alone say nothing. */
    static String rule(Alert alert) {
        return alert.ruleName() + " (" + alert.ruleId() + ")";
    }

    /** "Alert 5 (offline-cameras, edge camera-1)", how changes report the alert they changed. */
    static String alert(Alert alert) {
        return "Alert " + alert.id() + " (" + alert.ruleName() + ", " + Format.text(alert.subjectLabel()) + ")";
    }

    static String scope(AlertRule rule) {
        return rule.edgeId() != null ? "edge " + rule.edgeId()
                : rule.kind() == AlertKind.DRIFT && rule.tagKey() != null ? "model " + rule.modelVersion()
                        + " on edges tagged " + rule.tagKey() + "=" + rule.tagValue()
                : rule.tagKey() != null ? "edges tagged " + rule.tagKey() + "=" + rule.tagValue()
                : rule.modelVersion() != null ? "model " + rule.modelVersion() : "fleet";
    }

    /** When the rule fires, with the values that only its kind uses. */
    static String condition(AlertRule rule) {
        return switch (rule.kind()) {
            case EDGE_OFFLINE -> "not seen for over " + rule.windowMinutes() + " min";
            case LOW_CONFIDENCE_RATE -> "over " + Format.number(rule.threshold()) + "% of results score below "
                    + Format.number(rule.scoreBelow()) + " in " + rule.windowMinutes() + " min (at least "
                    + rule.minResults() + " results)";
            case FAILURE_RATE -> "over " + Format.number(rule.threshold()) + "% of inferences fail in "
                    + rule.windowMinutes() + " min (at least " + rule.minResults() + " inferences)";
            case DRIFT -> "samples of " + rule.windowMinutes() + " min drift from the training data (PSI at least "
                    + Format.number(rule.threshold()) + ", at least " + rule.minResults() + " samples)";
            case ROLLOUT_FAILED -> "a rollout ends FAILED or ROLLED_BACK (open for " + rule.windowMinutes() + " min)";
            case TRAINING_FAILED -> "a training run ends FAILED (open for " + rule.windowMinutes() + " min)";
            case TRAINING_SUCCEEDED -> "a training run SUCCEEDS and registers a model version to review (open for "
                    + rule.windowMinutes() + " min)";
        };
    }

    static String renotify(AlertRule rule) {
        return rule.renotifyMinutes() == 0 || rule.kind().event() ? "never"
                : "every " + rule.renotifyMinutes() + " min";
    }

    /** The rule's channels by name; an id no longer listed (deleted meanwhile) stays an id. */
    static String channels(List<Long> ids, List<NotificationChannel> channels) {
        if (ids.isEmpty()) {
            return "none";
        }
        Map<Long, String> names = channels.stream()
                .collect(Collectors.toMap(NotificationChannel::id, NotificationChannel::name, (a, b) -> a));
        Function<Long, String> name = id -> names.containsKey(id) ? names.get(id) + " (" + id + ")" : "channel " + id;
        return ids.stream().map(name).collect(Collectors.joining(", "));
    }

    /**
     * Where a channel sends. A Slack or Teams webhook URL (and many others) is itself the credential to post, and
     * viewers list channels: only scheme and host are shown.
     */
    static String destination(NotificationChannel channel) {
        if (channel.type() == ChannelType.EMAIL) {
            return String.join(", ", channel.recipients());
        }
        if (channel.url() == null) {
            return "-";
        }
        try {
            URI uri = new URI(channel.url());
            return uri.getHost() == null ? "-"
                    : uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/...";
        } catch (URISyntaxException e) {
            return "-";
        }
    }
}
