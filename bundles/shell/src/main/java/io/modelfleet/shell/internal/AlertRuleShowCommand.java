package io.modelfleet.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.PageRequest;
import io.modelfleet.api.alert.AlertRule;
import io.modelfleet.api.alert.AlertService;
import io.modelfleet.api.alert.NotificationChannel;

@Service
@Command(scope = "fleet", name = "alert-rule-show", description = "Shows an alert rule and how many of its alerts "
        + "are open")
public class AlertRuleShowCommand extends FleetAction {
    @Reference
    AlertService alerts;

    @Argument(index = 0, name = "id", description = "alert rule id", required = true)
    @Completion(AlertRuleCompleter.class)
    String id;

    @Override
    void run() {
        AlertRule rule = alerts.rule(Parse.id("alert rule id", id));
        System.out.print(describe(rule, alerts.channels(), openAlerts(alerts, rule)));
    }

    static long openAlerts(AlertService alerts, AlertRule rule) {
        return alerts.alerts(true, rule.id(), new PageRequest(1, 0)).total();
    }

    static String describe(AlertRule rule, List<NotificationChannel> channels, long openAlerts) {
        StringBuilder out = new StringBuilder();
        out.append("Alert rule ").append(rule.id()).append(": ").append(rule.name())
                .append(rule.enabled() ? "" : " (disabled)").append('\n');
        AlertText.line(out, "kind", rule.kind());
        AlertText.line(out, "scope", AlertText.scope(rule));
        AlertText.line(out, "fires when", AlertText.condition(rule));
        AlertText.line(out, "reminds", AlertText.renotify(rule));
        AlertText.line(out, "channels", AlertText.channels(rule.channelIds(), channels));
        AlertText.line(out, "open alerts", openAlerts == 0 ? "none"
                : openAlerts + " (fleet:alert-list --rule " + rule.id() + ")");
        AlertText.line(out, "created", Format.instant(rule.createdAt()) + " by " + Format.text(rule.createdBy()));
        AlertText.line(out, "updated", Format.instant(rule.updatedAt()) + " by " + Format.text(rule.updatedBy()));
        return out.toString();
    }
}
