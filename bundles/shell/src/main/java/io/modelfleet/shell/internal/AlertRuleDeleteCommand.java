package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.alert.AlertRule;
import io.modelfleet.api.alert.AlertService;

@Service
@Command(scope = "fleet", name = "alert-rule-delete", description = "Deletes an alert rule with its alerts, their "
        + "events and delivery log; fleet:alert-rule-disable stops it but keeps the history")
public class AlertRuleDeleteCommand extends FleetAction {
    @Reference
    AlertService alerts;

    @Option(name = "--force", aliases = "-f", description = "do not ask for confirmation")
    boolean force;

    @Argument(index = 0, name = "id", description = "alert rule id", required = true)
    @Completion(AlertRuleCompleter.class)
    String id;

    @Override
    void run() throws Exception {
        AlertRule found = alerts.rule(Parse.id("alert rule id", id));
        String what = "Alert rule " + found.id() + " (" + found.name() + ") will be deleted with its alerts, their "
                + "events and deliveries.";
        // rule names are free text, and the confirmation compares the typed line trimmed
        if (!force && !Confirmation.confirmed(session, what, found.name().strip())) {
            return;
        }
        alerts.deleteRule(found.id(), actor());
        System.out.println("Alert rule " + found.id() + " (" + found.name() + ") deleted");
    }
}
