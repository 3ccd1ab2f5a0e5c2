package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.alert.AlertService;
import io.modelfleet.api.alert.NotificationChannel;

@Service
@Command(scope = "fleet", name = "channel-list", description = "Lists notification channels: where alerts are sent "
        + "(webhook URLs only up to their host; their path is often the credential)")
public class ChannelListCommand extends FleetAction {
    private static final int DESTINATION_WIDTH = 60;

    @Reference
    AlertService alerts;

    @Override
    void run() {
        ShellTable table = new ShellTable().emptyTableText("no notification channels");
        table.column("ID").alignRight();
        table.column("NAME");
        table.column("TYPE");
        table.column("SENDS TO");
        table.column("SIGNED");
        table.column("ENABLED");
        table.column("CREATED");
        for (NotificationChannel channel : alerts.channels()) {
            table.addRow().addContent(channel.id(), channel.name(), channel.type(),
                    Format.clip(AlertText.destination(channel), DESTINATION_WIDTH), channel.signed() ? "yes" : "no",
                    channel.enabled() ? "yes" : "no",
                    Format.text(channel.createdBy()) + " " + Format.instant(channel.createdAt()));
        }
        table.print(System.out);
    }
}
