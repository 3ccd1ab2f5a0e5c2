package io.modelfleet.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.alert.SentSummary;
import io.modelfleet.api.alert.SummaryService;

@Service
@Command(scope = "fleet", name = "summary-list", description = "Lists the daily summaries that were made and sent, "
        + "newest first, with what became of each channel's delivery")
public class SummaryListCommand extends FleetAction {
    static final int DEFAULT_LIMIT = 30;

    @Reference
    SummaryService summaries;

    @Option(name = "--limit", description = "at most this many summaries (1..1000, default " + DEFAULT_LIMIT + ")")
    String limit;

    @Override
    void run() {
        List<SentSummary> sent = summaries.sent(limit());
        SummaryText.sentTable(sent).print(System.out);
        System.out.println(sent.size() + " summaries" + (sent.isEmpty() ? ""
                : "; fleet:summary-show --sent <id> shows one as it was made"));
    }

    /** Checked here: the service takes a bare number. */
    private int limit() {
        Integer parsed = Parse.integer("--limit", limit);
        if (parsed == null) {
            return DEFAULT_LIMIT;
        }
        if (parsed < 1 || parsed > 1000) {
            throw new InvalidInputException("--limit must be between 1 and 1000; was " + parsed);
        }
        return parsed;
    }
}
