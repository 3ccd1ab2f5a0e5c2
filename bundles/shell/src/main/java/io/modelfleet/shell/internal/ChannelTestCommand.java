package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.alert.AlertService;
import io.modelfleet.api.alert.ChannelTestResult;
import io.modelfleet.api.alert.NotificationChannel;

@Service
@Command(scope = "fleet", name = "channel-test", description = "Sends a test message to a notification channel now "
        + "and shows what it answered")
public class ChannelTestCommand extends FleetAction {
    @Reference
    AlertService alerts;

    @Argument(index = 0, name = "id", description = "channel id", required = true)
    @Completion(ChannelCompleter.class)
    String id;

    @Override
    void run() {
        NotificationChannel channel = alerts.channel(Parse.id("channel id", id));
        ChannelTestResult result = alerts.testChannel(channel.id(), actor());
        String which = "Channel " + channel.id() + " (" + channel.name() + ")";
        String status = result.statusCode() == null ? "" : " (HTTP " + result.statusCode() + ")";
        if (result.delivered()) {
            System.out.println(which + ": test message delivered" + status);
        } else {
            // on stderr like every other failure, so scripts can tell
            System.err.println("Error: " + which + ": test message not delivered" + status + ": "
                    + Format.text(result.error()));
        }
    }
}
