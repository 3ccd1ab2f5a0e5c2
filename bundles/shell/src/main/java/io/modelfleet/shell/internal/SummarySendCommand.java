package io.modelfleet.shell.internal;

import java.time.Clock;
import java.time.LocalDate;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.alert.DeliveryStatus;
import io.modelfleet.api.alert.SentSummary;
import io.modelfleet.api.alert.SummaryService;

@Service
@Command(scope = "fleet", name = "summary-send", description = "Makes, keeps and sends a day's summary (in the daily "
        + "summary's zone) to its channels now, whether or not the daily summary is enabled; a summary of that day "
        + "sent before is replaced")
public class SummarySendCommand extends FleetAction {
    @Reference
    SummaryService summaries;

    @Option(name = "--day", description = "the day, YYYY-MM-DD (default: yesterday in the daily summary's zone); it "
            + "must have ended")
    String day;

    /** The day "yesterday" is counted from; tests fix it. */
    Clock clock = Clock.systemUTC();

    @Override
    void run() {
        LocalDate parsedDay = Parse.day("--day", day);
        if (parsedDay == null) {
            parsedDay = SummaryText.yesterday(clock, summaries.settings().timeZone());
        }
        SentSummary sent = summaries.send(parsedDay, actor());
        System.out.println("Summary " + sent.id() + " of " + sent.day() + " (" + sent.timeZone() + ") made by "
                + Format.text(sent.generatedBy()) + (sent.deliveries().isEmpty()
                        ? " and kept; there is no channel to send it to (fleet:summary-settings-set --channel)"
                        : " and sent"));
        if (sent.deliveries().isEmpty()) {
            return;
        }
        SummaryText.deliveryTable(sent.deliveries()).print(System.out);
        if (sent.deliveries().stream().anyMatch(delivery -> delivery.status() == DeliveryStatus.PENDING)) {
            System.out.println("fleet:summary-list shows how the pending deliveries went");
        }
    }
}
