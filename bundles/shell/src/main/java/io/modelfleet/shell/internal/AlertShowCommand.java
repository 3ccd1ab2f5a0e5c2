package io.modelfleet.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.Page;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.alert.Alert;
import io.modelfleet.api.alert.AlertEvent;
import io.modelfleet.api.alert.AlertService;
import io.modelfleet.api.alert.Delivery;

@Service
@Command(scope = "fleet", name = "alert-show", description = "Shows an alert: what fired, its events (fired, "
        + "reminded, acknowledged, silenced, resolved) and what was sent to which channel")
public class AlertShowCommand extends FleetAction {
    private static final int MESSAGE_WIDTH = 60;

    @Reference
    AlertService alerts;

    @Argument(index = 0, name = "id", description = "alert id", required = true)
    @Completion(AlertCompleter.class)
    String id;

    @Override
    void run() {
        long alertId = Parse.id("alert id", id);
        Alert alert = alerts.alert(alertId);
        List<AlertEvent> events = alerts.events(alertId);
        Page<Delivery> deliveries = alerts.deliveries(null, alertId, new PageRequest(PageRequest.DEFAULT_LIMIT, 0));
        System.out.print(describe(alert, events, deliveries));
    }

    static String describe(Alert alert, List<AlertEvent> events, Page<Delivery> deliveries) {
        StringBuilder out = new StringBuilder();
        out.append("Alert ").append(alert.id()).append(": ").append(alert.state()).append('\n');
        AlertText.line(out, "rule", AlertText.rule(alert) + ", " + alert.kind());
        AlertText.line(out, "subject", Format.text(alert.subjectLabel()) + " (" + alert.subject() + ")");
        AlertText.line(out, "value", AlertText.value(alert.kind(), alert.value()));
        AlertText.line(out, "message", alert.message());
        AlertText.line(out, "fired", Format.instant(alert.firedAt()));
        AlertText.line(out, "notified", Format.instant(alert.lastNotifiedAt()));
        if (alert.silencedUntil() != null) {
            AlertText.line(out, "silenced", "until " + Format.instant(alert.silencedUntil()));
        }
        if (alert.acknowledgedAt() != null) {
            AlertText.line(out, "acknowledged", Format.instant(alert.acknowledgedAt()) + " by "
                    + Format.text(alert.acknowledgedBy()));
        }
        if (alert.resolvedAt() != null) {
            AlertText.line(out, "resolved", Format.instant(alert.resolvedAt()));
        }

        ShellTable table = new ShellTable().emptyTableText("no events");
        table.column("AT");
        table.column("EVENT");
        table.column("BY");
        table.column("MESSAGE").maxSize(MESSAGE_WIDTH);
        for (AlertEvent event : events) {
            table.addRow().addContent(Format.instant(event.at()), event.type(), Format.text(event.actor()),
                    Format.text(event.message()));
        }
        out.append("\nEvents\n").append(Format.table(table));
        out.append("\nDeliveries\n").append(Format.table(DeliveryListCommand.table(deliveries.items(), false)));
        if (deliveries.total() > deliveries.items().size()) {
            out.append("the newest ").append(deliveries.items().size()).append(" of ").append(deliveries.total())
                    .append(" deliveries; fleet:delivery-list --alert ").append(alert.id())
                    .append(" --limit N lists more\n");
        }
        return out.toString();
    }
}
