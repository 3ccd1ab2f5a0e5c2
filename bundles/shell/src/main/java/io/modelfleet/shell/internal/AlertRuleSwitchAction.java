package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

import io.modelfleet.api.alert.AlertRule;
import io.modelfleet.api.alert.AlertService;
import io.modelfleet.api.alert.NewAlertRule;

/** Enable and disable differ only in the flag they set; the rest of the rule is submitted as it is stored. */
abstract class AlertRuleSwitchAction extends FleetAction {
    @Reference
    AlertService alerts;

    @Argument(index = 0, name = "id", description = "alert rule id", required = true)
    @Completion(AlertRuleCompleter.class)
    String id;

    abstract boolean enabled();

    /** What changing the flag means for the rule's alerts. */
    abstract String consequence();

    @Override
    void run() {
        AlertRule rule = alerts.rule(Parse.id("alert rule id", id));
        String state = enabled() ? "enabled" : "disabled";
        if (rule.enabled() == enabled()) {
            // updating anyway would only add an audit entry that changed nothing
            System.out.println("Alert rule " + rule.id() + " (" + rule.name() + ") is already " + state);
            return;
        }
        NewAlertRule d = rule.definition();
        AlertRule updated = alerts.updateRule(rule.id(), new NewAlertRule(d.name(), d.kind(), d.edgeId(), d.tagKey(),
                d.tagValue(), d.modelVersion(), d.threshold(), d.scoreBelow(), d.windowMinutes(), d.minResults(),
                d.renotifyMinutes(), enabled(), d.channelIds()), actor());
        System.out.println("Alert rule " + updated.id() + " (" + updated.name() + ") " + state + "; " + consequence());
    }
}
