package io.modelfleet.api.alert;

import java.time.LocalDate;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The daily summary: its settings, any day's summary made on request, and the summaries made and sent each day by
 * the server holding the {@code daily-summary} lease.
 */
@ProviderType
public interface SummaryService {

    SummarySettings settings();

    /** @throws io.modelfleet.api.InvalidInputException for a channel that does not exist */
    SummarySettings setSettings(SummarySettings settings, String actor);

    /**
     * The summary of {@code day} in {@code timeZone} (null: the settings' zone), made now from the rollups; nothing is
     * kept or sent.
     *
     * @throws io.modelfleet.api.InvalidInputException for a day that has not ended yet or an unknown zone
     */
    DailySummary summary(LocalDate day, String timeZone);

    /** The kept summary of one day in the settings' zone, as it was made. */
    java.util.Optional<DailySummary> kept(long id);

    /** Newest first. */
    List<SentSummary> sent(int limit);

    /**
     * Makes, keeps and sends {@code day}'s summary in the settings' zone to the settings' channels now (again, if it
     * was sent already: the kept one is replaced).
     */
    SentSummary send(LocalDate day, String actor);
}
