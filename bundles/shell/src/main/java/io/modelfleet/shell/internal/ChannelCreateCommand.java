package io.modelfleet.shell.internal;

import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.alert.AlertService;
import io.modelfleet.api.alert.ChannelType;
import io.modelfleet.api.alert.NewNotificationChannel;
import io.modelfleet.api.alert.NotificationChannel;

@Service
@Command(scope = "fleet", name = "channel-create", description = "Creates a notification channel alert rules can "
        + "send to: a webhook (signed with --secret), Microsoft Teams or Slack by --url, or email to --recipient")
public class ChannelCreateCommand extends FleetAction {
    private static final Map<String, String> OPTIONS = Map.of("name", "name", "url", "--url", "secret", "--secret",
            "recipients", "--recipient");

    @Reference
    AlertService alerts;

    @Argument(index = 0, name = "name", description = "letters, digits, '.', '-' and '_'", required = true)
    String name;

    // not required = true: the API's message lists the types
    @Option(name = "--type", description = "WEBHOOK, TEAMS, SLACK or EMAIL (required)")
    @Completion(ChannelTypeCompleter.class)
    String type;

    @Option(name = "--url", description = "WEBHOOK, TEAMS, SLACK: the http(s) URL to post to")
    String url;

    // censor keeps the secret out of the shell history
    @Option(name = "--secret", description = "WEBHOOK: sign each request with HMAC-SHA256 under this secret (at "
            + "least 16 characters)", censor = true)
    String secret;

    @Option(name = "--recipient", multiValued = true, description = "EMAIL: an address to send to; repeat for several")
    List<String> recipients;

    @Override
    void run() {
        ChannelType parsedType = Parse.enumValue("--type", type, ChannelType.class);
        NewNotificationChannel channel = Parse.naming(OPTIONS,
                () -> new NewNotificationChannel(name, parsedType, url, secret, recipients, null));
        NotificationChannel created = alerts.createChannel(channel, actor());
        System.out.println("Channel " + created.id() + " (" + created.name() + ") created: " + created.type()
                + " to " + AlertText.destination(created) + (created.signed() ? ", signed" : ""));
        System.out.println("Send it a test message with fleet:channel-test " + created.id());
    }
}
