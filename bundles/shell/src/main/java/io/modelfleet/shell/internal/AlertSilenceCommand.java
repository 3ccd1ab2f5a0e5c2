package io.modelfleet.shell.internal;

import java.time.Duration;
import java.time.Instant;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.alert.Alert;
import io.modelfleet.api.alert.AlertService;

@Service
@Command(scope = "fleet", name = "alert-silence", description = "Silences an open alert for --minutes or --until a "
        + "time: nothing is sent for it meanwhile (not even RESOLVED); then it fires again if its condition still "
        + "holds")
public class AlertSilenceCommand extends FleetAction {
    @Reference
    AlertService alerts;

    @Argument(index = 0, name = "id", description = "alert id", required = true)
    @Completion(AlertCompleter.class)
    String id;

    @Option(name = "--minutes", description = "silence it for this many minutes from now (at most 30 days)")
    String minutes;

    @Option(name = "--until", description = "silence it until this instant, e.g. 2026-12-06T18:00:00Z")
    String until;

    @Override
    void run() {
        long alertId = Parse.id("alert id", id);
        Alert silenced = until == null && minutes != null ? alerts.silenceFor(alertId, duration(), actor())
                : alerts.silence(alertId, end(), actor());
        System.out.println(AlertText.alert(silenced) + " is now " + silenced.state() + " until "
                + Format.instant(silenced.silencedUntil()));
    }

    private Instant end() {
        if ((minutes == null) == (until == null)) {
            throw new InvalidInputException(minutes == null ? "say how long: --minutes N or --until <instant>"
                    : "give --minutes or --until, not both");
        }
        return Parse.instant("--until", until);
    }

    /** --minutes from now by the server's clock. */
    private Duration duration() {
        int count = Parse.integer("--minutes", minutes);
        // the service would call a past end "not in the future", which reads oddly for a count of minutes
        if (count < 1) {
            throw new InvalidInputException("--minutes must be at least 1; was " + count);
        }
        return Duration.ofMinutes(count);
    }
}
