package io.modelfleet.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.alert.AlertService;
import io.modelfleet.api.alert.SummaryService;
import io.modelfleet.api.alert.SummarySettings;

/**
 * Sets the whole settings, as the API does: options left out stay null, so the API's defaults and checks apply as
 * they do for every other client.
 */
@Service
@Command(scope = "fleet", name = "summary-settings-set", description = "Sets (replaces) the daily summary's "
        + "settings: when enabled, each day at --time in --zone the summary of the day before is made, kept and sent "
        + "to the --channel channels. Options left out take their defaults: disabled, 08:00, UTC, no channel, 0.5")
public class SummarySettingsSetCommand extends FleetAction {
    private static final Map<String, String> OPTIONS = Map.of("timeOfDay", "--time", "timeZone", "--zone",
            "channelIds", "--channel", "lowConfidenceBelow", "--low-confidence-below");

    @Reference
    SummaryService summaries;

    @Reference
    AlertService alerts;

    @Option(name = "--enabled", description = "make and send the summary each day")
    boolean enabled;

    @Option(name = "--disabled", description = "make and send none (the default)")
    boolean disabled;

    @Option(name = "--time", description = "when, as HH:mm in --zone (default 08:00)")
    String time;

    @Option(name = "--zone", description = "the time zone of --time and of the days summed up, such as Europe/Berlin "
            + "(default UTC)")
    String zone;

    @Option(name = "--channel", multiValued = true, description = "send it to this notification channel (id); repeat "
            + "for several (at most " + SummarySettings.MAX_CHANNELS + ")")
    @Completion(ChannelCompleter.class)
    List<String> channels;

    @Option(name = "--low-confidence-below", description = "results scoring below this count as low-confidence, a "
            + "multiple of 0.05 between 0.05 and 0.95 (default 0.5)")
    String lowConfidenceBelow;

    @Override
    void run() {
        if (enabled && disabled) {
            throw new InvalidInputException("give --enabled or --disabled, not both");
        }
        List<Long> channelIds = new ArrayList<>();
        for (String channel : channels == null ? List.<String>of() : channels) {
            channelIds.add(Parse.id("channel id", channel));
        }
        Double parsedBelow = Parse.decimal("--low-confidence-below", lowConfidenceBelow);
        SummarySettings settings = Parse.naming(OPTIONS,
                () -> new SummarySettings(enabled, time, zone, channelIds, parsedBelow));
        SummarySettings saved = summaries.setSettings(settings, actor());
        System.out.println("Daily summary settings saved");
        System.out.print(SummaryText.settings(saved, alerts.channels()));
    }
}
