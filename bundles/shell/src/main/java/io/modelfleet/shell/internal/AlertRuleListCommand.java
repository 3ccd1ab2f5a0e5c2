package io.modelfleet.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.alert.AlertRule;
import io.modelfleet.api.alert.AlertService;
import io.modelfleet.api.alert.NotificationChannel;

@Service
@Command(scope = "fleet", name = "alert-rule-list", description = "Lists alert rules: what each watches, when it "
        + "fires and which channels it tells")
public class AlertRuleListCommand extends FleetAction {
    @Reference
    AlertService alerts;

    @Override
    void run() {
        List<AlertRule> rules = alerts.rules();
        List<NotificationChannel> channels = alerts.channels();
        ShellTable table = new ShellTable().emptyTableText("no alert rules");
        table.column("ID").alignRight();
        table.column("NAME");
        table.column("KIND");
        table.column("SCOPE");
        table.column("FIRES WHEN");
        table.column("REMINDS");
        table.column("ENABLED");
        table.column("CHANNELS");
        for (AlertRule rule : rules) {
            table.addRow().addContent(rule.id(), rule.name(), rule.kind(), AlertText.scope(rule),
                    AlertText.condition(rule), AlertText.renotify(rule), rule.enabled() ? "yes" : "no",
                    AlertText.channels(rule.channelIds(), channels));
        }
        table.print(System.out);
    }
}
