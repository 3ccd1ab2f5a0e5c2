package io.modelfleet.api.alert;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.modelfleet.api.Page;
import io.modelfleet.api.PageRequest;

/**
 * Alert rules, alerts, notification channels and the delivery log. Changes name their {@code actor} for the audit
 * log. Rules are evaluated by one server at a time; channels are sent to by any server, each delivery once.
 */
@ProviderType
public interface AlertService {
    List<AlertRule> rules();

    AlertRule rule(long id);

    AlertRule createRule(NewAlertRule rule, String actor);

    AlertRule updateRule(long id, NewAlertRule rule, String actor);

    /** Deletes the rule with its alerts, their events and deliveries. */
    void deleteRule(long id, String actor);

    /** Alerts newest first; {@code open} true: only those not RESOLVED, false: only RESOLVED, null: all. */
    Page<Alert> alerts(Boolean open, Long ruleId, PageRequest page);

    Alert alert(long id);

    /** The alert's events, oldest first. */
    List<AlertEvent> events(long alertId);

    /** FIRING or SILENCED to ACKNOWLEDGED: no more reminders. */
    Alert acknowledge(long id, String actor);

    /** Nothing is sent for the alert until {@code until}; then it is FIRING again if the condition still holds. */
    Alert silence(long id, Instant until, String actor);

    /** {@link #silence} for {@code duration} from now by the server's clock, whoever asks from where. */
    Alert silenceFor(long id, java.time.Duration duration, String actor);

    List<NotificationChannel> channels();

    NotificationChannel channel(long id);

    NotificationChannel createChannel(NewNotificationChannel channel, String actor);

    /** Deletes the channel and its delivery log; rules stop naming it. */
    void deleteChannel(long id, String actor);

    /** Sends a test message now and reports what the channel answered. */
    ChannelTestResult testChannel(long id, String actor);

    /** The delivery log newest first, of one channel or alert or of all. */
    Page<Delivery> deliveries(Long channelId, Long alertId, PageRequest page);

    /** The newest {@code limit} events for {@code username}'s notification center. */
    Notifications notifications(String username, int limit);

    /** Marks every event up to {@code lastEventId} as seen by {@code username}. */
    void markNotificationsRead(String username, long lastEventId);
}
