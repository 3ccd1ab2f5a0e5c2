package io.modelfleet.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.modelfleet.api.Page;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.alert.Alert;
import io.modelfleet.api.alert.AlertEvent;
import io.modelfleet.api.alert.AlertRule;
import io.modelfleet.api.alert.Delivery;
import io.modelfleet.api.alert.NewAlertRule;
import io.modelfleet.api.alert.NewNotificationChannel;
import io.modelfleet.api.alert.NotificationChannel;

/**
 * Alert rules, alerts and their events, notification channels and the delivery outbox. Every change of an alert's
 * state writes its event and, when the event notifies, one PENDING delivery per channel in the same transaction, so
 * nothing is told twice or lost when a server dies between the two.
 */
@ProviderType
public interface AlertStore {
    List<AlertRule> rules();

    Optional<AlertRule> rule(long id);

    /** @throws io.modelfleet.api.ConflictException when the name is taken */
    AlertRule insertRule(NewAlertRule rule, String actor, Instant now);

    /** @throws io.modelfleet.api.ConflictException when the name is taken */
    Optional<AlertRule> updateRule(long id, NewAlertRule rule, String actor, Instant now);

    boolean deleteRule(long id);

    List<NotificationChannel> channels();

    Optional<NotificationChannel> channel(long id);

    /** The channel's secret, for signing a test message. */
    Optional<String> channelSecret(long id);

    /** @throws io.modelfleet.api.ConflictException when the name is taken */
    NotificationChannel insertChannel(NewNotificationChannel channel, String actor, Instant now);

    /** Deletes the channel and its deliveries and removes it from every rule. */
    boolean deleteChannel(long id, Instant now);

    /** Whether {@code owner} holds the named job's lease until {@code until} (taken when free or expired). */
    boolean acquireLease(String name, String owner, Instant until, Instant now);

    /** Approved edges last seen before {@code before} (never seen: enrolled before it), optionally with a tag. */
    List<EdgeSeen> approvedEdgesSeenBefore(String tagKey, String tagValue, Instant before);

    Optional<String> edgeName(long edgeId);

    List<OpenAlert> openAlerts();

    /** Something that happened, for the event kinds: {@code subject} such as {@code rollout:7} or {@code run:12}. */
    record Occurrence(String subject, String label, String message, Instant at) {
    }

    /** Rollouts that ended FAILED or ROLLED_BACK at or after {@code since}, newest first, at most 1,000. */
    List<Occurrence> failedRollouts(Instant since);

    /** Training runs that ended in {@code state} at or after {@code since}, newest first, at most 1,000. */
    List<Occurrence> finishedRuns(io.modelfleet.api.stream.RunState state, Instant since);

    /**
     * Opens an alert unless one is open for the rule and subject, with its FIRED event and deliveries to
     * {@code channelIds}. @return the new alert's id, empty when one was open already
     */
    Optional<Long> fire(long ruleId, String subject, String subjectLabel, double value, String message,
            Collection<Long> channelIds, Instant now);

    /**
     * Resolves an open alert with its RESOLVED event, delivered to {@code channelIds} (none for a silenced one).
     * @return false when it was resolved already
     */
    boolean resolve(long alertId, String message, Collection<Long> channelIds, Instant now);

    /**
     * A reminder for a FIRING alert last notified at {@code lastNotifiedAt}, or for a SILENCED one whose silence
     * ended (it is FIRING again). @return false when the alert changed meanwhile
     */
    boolean remind(long alertId, Instant lastNotifiedAt, String message, Collection<Long> channelIds, Instant now);

    /** FIRING or SILENCED to ACKNOWLEDGED, with its event. @return false when the alert is resolved or acknowledged */
    boolean acknowledge(long alertId, String actor, Instant now);

    /** An open alert to SILENCED until {@code until}, with its event. @return false when the alert is resolved */
    boolean silence(long alertId, Instant until, String actor, Instant now);

    Page<Alert> alerts(Boolean open, Long ruleId, PageRequest page);

    Optional<Alert> alert(long id);

    List<AlertEvent> events(long alertId);

    /** The newest events of every alert. */
    List<AlertEvent> latestEvents(int limit);

    /** The most unread events counted, so the query stays small for a user who never read any (badges say 99+). */
    int UNREAD_CAP = 1000;

    /** Events after {@code eventId}, at most {@link #UNREAD_CAP}. */
    long countEventsAfter(long eventId);

    long lastReadEvent(String username);

    /** Moves the user's last read event forward (never back). */
    void markRead(String username, long eventId);

    /**
     * Takes up to {@code limit} PENDING deliveries that are due and not held by a live lease, for {@code owner}
     * until {@code leaseUntil}.
     */
    List<DueDelivery> claimDue(String owner, Instant leaseUntil, int limit, Instant now);

    /** Records a successful attempt of a delivery the owner holds. */
    void delivered(long id, String owner, Integer statusCode, Instant now);

    /**
     * Records a failed attempt; {@code nextAttemptAt} null means no attempt is left (FAILED).
     */
    void attemptFailed(long id, String owner, Integer statusCode, String error, Instant nextAttemptAt, Instant now);

    Page<Delivery> deliveries(Long channelId, Long alertId, PageRequest page);

}
