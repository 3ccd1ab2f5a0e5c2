package io.modelfleet.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.Page;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.alert.AlertService;
import io.modelfleet.api.alert.Delivery;
import io.modelfleet.api.alert.DeliveryStatus;

@Service
@Command(scope = "fleet", name = "delivery-list", description = "Lists what was sent (or is being sent) to "
        + "notification channels, newest first: status, attempts and the channel's last answer")
public class DeliveryListCommand extends FleetAction {
    private static final int ERROR_WIDTH = 50;

    @Reference
    AlertService alerts;

    @Option(name = "--channel", description = "only the deliveries to this channel (id)")
    @Completion(ChannelCompleter.class)
    String channel;

    @Option(name = "--alert", description = "only the deliveries of this alert (id)")
    @Completion(AlertCompleter.class)
    String alert;

    @Option(name = "--limit", description = "at most this many (1..1000, default 50)")
    String limit;

    @Override
    void run() {
        Long channelId = channel == null ? null : Parse.id("channel id", channel);
        Long alertId = alert == null ? null : Parse.id("alert id", alert);
        Integer max = Parse.integer("--limit", limit);
        Page<Delivery> page = alerts.deliveries(channelId, alertId,
                new PageRequest(max == null ? PageRequest.DEFAULT_LIMIT : max, 0));
        table(page.items(), true).print(System.out);
        System.out.println(page.items().size() + " of " + page.total() + " deliveries");
    }

    /** The delivery log as a table; {@code withAlert} false leaves out the alert, for views of one alert. */
    static ShellTable table(List<Delivery> deliveries, boolean withAlert) {
        ShellTable table = new ShellTable().emptyTableText("no deliveries");
        table.column("ID").alignRight();
        if (withAlert) {
            table.column("ALERT").alignRight();
        }
        table.column("EVENT");
        table.column("CHANNEL");
        table.column("STATUS");
        table.column("ATTEMPTS").alignRight();
        table.column("LAST CODE").alignRight();
        table.column("LAST ERROR").maxSize(ERROR_WIDTH);
        table.column("NEXT ATTEMPT");
        for (Delivery delivery : deliveries) {
            List<Object> cells = new ArrayList<>();
            cells.add(delivery.id());
            if (withAlert) {
                cells.add(delivery.alertId());
            }
            // the log keeps the last scheduled time after a delivery settled; only a pending one has a next attempt
            String next = delivery.status() == DeliveryStatus.PENDING ? Format.instant(delivery.nextAttemptAt()) : "-";
            cells.addAll(List.of(delivery.event(),
                    Format.text(delivery.channelName()) + " (" + delivery.channelId() + ")", delivery.status(),
                    delivery.attempts(), Format.text(delivery.lastStatusCode()), Format.text(delivery.lastError()),
                    next));
            table.addRow().addContent(cells);
        }
        return table;
    }
}
