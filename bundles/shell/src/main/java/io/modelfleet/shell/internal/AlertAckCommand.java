package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.alert.Alert;
import io.modelfleet.api.alert.AlertService;

@Service
@Command(scope = "fleet", name = "alert-ack", description = "Acknowledges a FIRING or SILENCED alert: someone is on "
        + "it, so no more reminders are sent; its channels are still told when it resolves")
public class AlertAckCommand extends FleetAction {
    @Reference
    AlertService alerts;

    @Argument(index = 0, name = "id", description = "alert id", required = true)
    @Completion(AlertCompleter.class)
    String id;

    @Override
    void run() {
        Alert acknowledged = alerts.acknowledge(Parse.id("alert id", id), actor());
        System.out.println(AlertText.alert(acknowledged) + " is now " + acknowledged.state() + " by "
                + Format.text(acknowledged.acknowledgedBy()));
    }
}
