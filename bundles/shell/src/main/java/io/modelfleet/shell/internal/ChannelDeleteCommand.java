package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.alert.AlertService;
import io.modelfleet.api.alert.NotificationChannel;

@Service
@Command(scope = "fleet", name = "channel-delete", description = "Deletes a notification channel and its delivery "
        + "log; the rules that named it no longer send to it")
public class ChannelDeleteCommand extends FleetAction {
    @Reference
    AlertService alerts;

    @Option(name = "--force", aliases = "-f", description = "do not ask for confirmation")
    boolean force;

    @Argument(index = 0, name = "id", description = "channel id", required = true)
    @Completion(ChannelCompleter.class)
    String id;

    @Override
    void run() throws Exception {
        NotificationChannel found = alerts.channel(Parse.id("channel id", id));
        long rules = alerts.rules().stream().filter(rule -> rule.channelIds().contains(found.id())).count();
        String what = "Channel " + found.id() + " (" + found.name() + ") will be deleted with its delivery log"
                + (rules == 0 ? "." : "; " + rules + " alert rule(s) stop sending to it.");
        if (!force && !Confirmation.confirmed(session, what, found.name())) {
            return;
        }
        alerts.deleteChannel(found.id(), actor());
        System.out.println("Channel " + found.id() + " (" + found.name() + ") deleted");
    }
}
