package io.modelfleet.shell.internal;

import java.time.Clock;
import java.time.LocalDate;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.alert.DailySummary;
import io.modelfleet.api.alert.SummaryService;

@Service
@Command(scope = "fleet", name = "summary-show", description = "Shows a day's summary, made now from the hourly "
        + "rollups (nothing is kept or sent): edges, inferences with their low-confidence and failure rates and the "
        + "change from the day before, results per hour, the figures by model and by tag, alerts, rollouts and "
        + "trainings. By default yesterday's in the daily summary's zone; --sent shows one that was sent, as it was "
        + "made")
public class SummaryShowCommand extends FleetAction {
    @Reference
    SummaryService summaries;

    @Option(name = "--day", description = "the day, YYYY-MM-DD (default: yesterday in the zone); it must have ended")
    String day;

    @Option(name = "--zone", description = "the time zone the day is taken in, such as Europe/Berlin (default: the "
            + "daily summary's, fleet:summary-settings)")
    String zone;

    @Option(name = "--sent", description = "show the summary that was sent with this id (fleet:summary-list), as "
            + "it was made")
    String sent;

    @Option(name = "--hours", description = "add a row for each hour: results, low-confidence results, failures")
    boolean hours;

    /** The day "yesterday" is counted from; tests fix it. */
    Clock clock = Clock.systemUTC();

    @Override
    void run() {
        if (sent != null) {
            if (day != null || zone != null) {
                throw new InvalidInputException("--sent shows a summary as it was made, of its own day and zone; "
                        + "leave out --day and --zone");
            }
            long id = Parse.id("summary id", sent);
            DailySummary kept = summaries.kept(id).orElseThrow(() -> new NotFoundException("summary " + id
                    + " does not exist; fleet:summary-list lists the ones sent"));
            System.out.print(SummaryText.summary(kept, hours));
            return;
        }
        LocalDate parsedDay = Parse.day("--day", day);
        String parsedZone = Parse.zone("--zone", zone);
        if (parsedDay == null) {
            parsedDay = SummaryText.yesterday(clock, parsedZone != null ? parsedZone : summaries.settings().timeZone());
        }
        System.out.print(SummaryText.summary(summaries.summary(parsedDay, parsedZone), hours));
    }
}
