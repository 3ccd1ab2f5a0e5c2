package io.modelfleet.persistence;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.modelfleet.api.alert.ChannelType;
import io.modelfleet.api.alert.SentSummary;
import io.modelfleet.api.alert.SummarySettings;

/** What daily summaries are made of (rollups, alerts, rollouts, runs), and the summaries kept and sent (V017). */
@ProviderType
public interface SummaryStore {

    /** Inferences of one group over a time range: results, those scoring below the threshold, failures. */
    record GroupCounts(String group, long results, long lowConfidence, long failures) {
    }

    /** A summary's delivery claimed by this server (see {@link AlertStore#claimDue}). */
    record DueSummaryDelivery(long id, int attempts, long channelId, String channelName, ChannelType channelType,
            String url, String secret, List<String> recipients, long summaryId, String body) {
        public DueSummaryDelivery {
            recipients = List.copyOf(recipients);
        }
    }

    Optional<SummarySettings> settings();

    void saveSettings(SummarySettings settings, String actor, Instant now);

    /**
     * From the hourly rollups over [from, to): per model version ({@code byModel}), per tag key=value ({@code byTag}),
     * or the fleet as one group; {@code binsBelow} of the 20 score bins count as low-confidence.
     */
    List<GroupCounts> byModel(Instant from, Instant to, int binsBelow);

    List<GroupCounts> byTag(Instant from, Instant to, int binsBelow);

    GroupCounts fleet(Instant from, Instant to, int binsBelow);

    /** One group per hour, named by the hour's start (ISO-8601), in order. */
    List<GroupCounts> hours(Instant from, Instant to, int binsBelow);

    /** Alerts opened in [from, to), resolved in it, and open at {@code to}. */
    long[] alertCounts(Instant from, Instant to);

    /** "rule: subject — message" of alerts opened in [from, to), oldest first. */
    List<String> alertLines(Instant from, Instant to, int limit);

    /** Rollouts created in [from, to), ended SUCCEEDED in it, ended FAILED or ROLLED_BACK in it. */
    long[] rolloutCounts(Instant from, Instant to);

    /** Training runs created in [from, to), ended SUCCEEDED in it, ended FAILED in it. */
    long[] runCounts(Instant from, Instant to);

    /** Approved edges, and those seen at or after {@code since}. */
    long[] edgeCounts(Instant since);

    /**
     * Keeps a day's summary and queues a PENDING delivery of it to each channel, in one transaction. With
     * {@code replace} a summary kept for the same day and zone is replaced and its deliveries not sent yet are dropped;
     * without, nothing happens when one is kept already (a day's summary goes out once).
     *
     * @return its id, or empty when it was kept already and not replaced
     */
    Optional<Long> keep(LocalDate day, String timeZone, String body, List<Long> channelIds, boolean replace,
            String actor, Instant now);

    boolean kept(LocalDate day, String timeZone);

    Optional<String> body(long id);

    List<SentSummary> sent(int limit);

    Optional<SentSummary> sent(long id);

    /** The summary deliveries this server claimed with {@link AlertStore#claimDue} under this lease. */
    List<DueSummaryDelivery> claimed(String owner, Instant leaseUntil);
}
