package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.Page;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.alert.Alert;
import io.modelfleet.api.alert.AlertService;

@Service
@Command(scope = "fleet", name = "alert-list", description = "Lists open alerts (FIRING, ACKNOWLEDGED, SILENCED), "
        + "newest first; --all adds the resolved ones")
public class AlertListCommand extends FleetAction {
    @Reference
    AlertService alerts;

    @Option(name = "--all", description = "also list RESOLVED alerts")
    boolean all;

    @Option(name = "--rule", description = "only the alerts of this rule (id)")
    @Completion(AlertRuleCompleter.class)
    String rule;

    @Option(name = "--limit", description = "at most this many (1..1000, default 50)")
    String limit;

    @Override
    void run() {
        Long ruleId = rule == null ? null : Parse.id("alert rule id", rule);
        Integer max = Parse.integer("--limit", limit);
        Page<Alert> page = alerts.alerts(all ? null : Boolean.TRUE, ruleId,
                new PageRequest(max == null ? PageRequest.DEFAULT_LIMIT : max, 0));
        ShellTable table = new ShellTable().emptyTableText(all ? "no alerts" : "no open alerts");
        table.column("ID").alignRight();
        table.column("STATE");
        table.column("RULE");
        table.column("SUBJECT");
        table.column("VALUE").alignRight();
        table.column("FIRED");
        table.column("LAST NOTIFIED");
        for (Alert alert : page.items()) {
            table.addRow().addContent(alert.id(), alert.state(), AlertText.rule(alert),
                    Format.text(alert.subjectLabel()), AlertText.value(alert.kind(), alert.value()),
                    Format.instant(alert.firedAt()), Format.instant(alert.lastNotifiedAt()));
        }
        table.print(System.out);
        System.out.println(page.items().size() + " of " + page.total() + (all ? " alerts" : " open alerts"));
    }
}
