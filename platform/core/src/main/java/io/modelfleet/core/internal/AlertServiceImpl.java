package io.modelfleet.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.Page;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.Validation;
import io.modelfleet.api.alert.Alert;
import io.modelfleet.api.alert.AlertEvent;
import io.modelfleet.api.alert.AlertEventType;
import io.modelfleet.api.alert.AlertKind;
import io.modelfleet.api.alert.AlertRule;
import io.modelfleet.api.alert.AlertService;
import io.modelfleet.api.alert.AlertState;
import io.modelfleet.api.alert.ChannelTestResult;
import io.modelfleet.api.alert.Delivery;
import io.modelfleet.api.alert.NewAlertRule;
import io.modelfleet.api.alert.NewNotificationChannel;
import io.modelfleet.api.alert.NotificationChannel;
import io.modelfleet.api.alert.Notifications;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.persistence.AlertStore;
import io.modelfleet.persistence.EdgeStore;

@Component(service = AlertService.class)
public final class AlertServiceImpl implements AlertService {
    static final int MAX_RULES = 1_000;
    static final int MAX_CHANNELS = 200;
    static final int MAX_NOTIFICATIONS = 200;
    /** Longest silence: a silence that never ends is a disabled rule, which says so. */
    static final Duration MAX_SILENCE = Duration.ofDays(30);
    private static final String RULE = "alert-rule";
    private static final String CHANNEL = "notification-channel";

    private final AlertStore store;
    private final EdgeStore edges;
    private final ChannelSender sender;
    private final AuditLog audit;
    private final Clock clock;

    @Activate
    public AlertServiceImpl(@Reference AlertStore store, @Reference EdgeStore edges, @Reference ChannelSender sender,
            @Reference AuditLog audit) {
        this(store, edges, sender, audit, Clock.systemUTC());
    }

    AlertServiceImpl(AlertStore store, EdgeStore edges, ChannelSender sender, AuditLog audit, Clock clock) {
        this.store = store;
        this.edges = edges;
        this.sender = sender;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public List<AlertRule> rules() {
        return store.rules();
    }

    @Override
    public AlertRule rule(long id) {
        return store.rule(id).orElseThrow(() -> new NotFoundException("alert rule " + id + " does not exist"));
    }

    @Override
    public AlertRule createRule(NewAlertRule rule, String actor) {
        check(rule);
        if (store.rules().size() >= MAX_RULES) {
            throw new ConflictException("there are " + MAX_RULES + " alert rules, the limit; delete one first");
        }
        AlertRule created = store.insertRule(rule, actor, clock.instant());
        audit.record(actor, "alert-rule.create", RULE, Long.toString(created.id()), describe(created));
        return created;
    }

    @Override
    public AlertRule updateRule(long id, NewAlertRule rule, String actor) {
        rule(id);
        check(rule);
        AlertRule updated = store.updateRule(id, rule, actor, clock.instant())
                .orElseThrow(() -> new NotFoundException("alert rule " + id + " does not exist"));
        audit.record(actor, "alert-rule.update", RULE, Long.toString(id), describe(updated));
        return updated;
    }

    @Override
    public void deleteRule(long id, String actor) {
        AlertRule rule = rule(id);
        if (store.deleteRule(id)) {
            audit.record(actor, "alert-rule.delete", RULE, Long.toString(id), rule.name());
        }
    }

    private void check(NewAlertRule rule) {
        if (rule.edgeId() != null && edges.findEdge(rule.edgeId(), clock.instant()).isEmpty()) {
            throw Validation.invalid("edgeId", "edge " + rule.edgeId() + " does not exist");
        }
        Set<Long> known = store.channels().stream().map(NotificationChannel::id).collect(Collectors.toSet());
        for (Long channel : rule.channelIds()) {
            if (channel == null || !known.contains(channel)) {
                throw Validation.invalid("channelIds", "channel " + channel + " does not exist");
            }
        }
    }

    private static String describe(AlertRule rule) {
        String scope = rule.edgeId() != null ? "edge " + rule.edgeId()
                : rule.tagKey() != null ? "tag " + rule.tagKey() + "=" + rule.tagValue()
                : rule.modelVersion() != null ? "model " + rule.modelVersion() : "fleet";
        return rule.name() + " " + rule.kind() + " " + scope + (rule.kind() == AlertKind.EDGE_OFFLINE || rule.kind().event() ? ""
                : " above " + rule.threshold() + "%") + " window " + rule.windowMinutes() + " min"
                + (rule.enabled() ? "" : " disabled") + " channels " + rule.channelIds();
    }

    @Override
    public Page<Alert> alerts(Boolean open, Long ruleId, PageRequest page) {
        return store.alerts(open, ruleId, page);
    }

    @Override
    public Alert alert(long id) {
        return store.alert(id).orElseThrow(() -> new NotFoundException("alert " + id + " does not exist"));
    }

    @Override
    public List<AlertEvent> events(long alertId) {
        alert(alertId);
        return store.events(alertId);
    }

    @Override
    public Alert acknowledge(long id, String actor) {
        Alert alert = alert(id);
        if (!store.acknowledge(id, actor, clock.instant())) {
            throw new ConflictException("alert " + id + " is " + alert(id).state()
                    + "; only FIRING or SILENCED alerts can be acknowledged");
        }
        audit.record(actor, "alert.acknowledge", "alert", Long.toString(id), alert.ruleName() + " " + alert.subjectLabel());
        return alert(id);
    }

    @Override
    public Alert silenceFor(long id, java.time.Duration duration, String actor) {
        if (duration == null || duration.compareTo(java.time.Duration.ofMinutes(1)) < 0) {
            throw Validation.invalid("minutes", "must be at least 1");
        }
        // beyond the longest silence the answer is the same refusal, without overflowing the instant
        java.time.Duration capped = duration.compareTo(MAX_SILENCE) > 0 ? MAX_SILENCE.plusMinutes(1) : duration;
        return silence(id, clock.instant().plus(capped), actor);
    }

    @Override
    public Alert silence(long id, Instant until, String actor) {
        Alert alert = alert(id);
        Instant now = clock.instant();
        if (until == null || !until.isAfter(now)) {
            throw Validation.invalid("until", "must be a time in the future");
        }
        if (until.isAfter(now.plus(MAX_SILENCE))) {
            throw Validation.invalid("until", "may be at most " + MAX_SILENCE.toDays()
                    + " days ahead; disable the rule to stop it for longer");
        }
        if (alert.state() == AlertState.RESOLVED || !store.silence(id, until, actor, now)) {
            throw new ConflictException("alert " + id + " is RESOLVED; only open alerts can be silenced");
        }
        audit.record(actor, "alert.silence", "alert", Long.toString(id), "until " + until);
        return alert(id);
    }

    @Override
    public List<NotificationChannel> channels() {
        return store.channels();
    }

    @Override
    public NotificationChannel channel(long id) {
        return store.channel(id).orElseThrow(() -> new NotFoundException("channel " + id + " does not exist"));
    }

    @Override
    public NotificationChannel createChannel(NewNotificationChannel channel, String actor) {
        if (store.channels().size() >= MAX_CHANNELS) {
            throw new ConflictException("there are " + MAX_CHANNELS + " channels, the limit; delete one first");
        }
        NotificationChannel created = store.insertChannel(channel, actor, clock.instant());
        audit.record(actor, "channel.create", CHANNEL, Long.toString(created.id()), created.name() + " "
                + created.type() + (created.url() != null ? " " + created.url() : " " + created.recipients()));
        return created;
    }

    @Override
    public void deleteChannel(long id, String actor) {
        NotificationChannel channel = channel(id);
        if (store.deleteChannel(id, clock.instant())) {
            audit.record(actor, "channel.delete", CHANNEL, Long.toString(id), channel.name());
        }
    }

    @Override
    public ChannelTestResult testChannel(long id, String actor) {
        NotificationChannel channel = channel(id);
        Instant now = clock.instant();
        AlertNotice notice = new AlertNotice(0, AlertEventType.FIRED, 0, "Test notification", AlertKind.EDGE_OFFLINE,
                "test", "channel " + channel.name(), 0, "A test message sent by " + actor
                        + " from ModelFleet: this channel works.", now, now);
        ChannelSender.Outcome outcome = sender.send(channel.type(), channel.url(),
                store.channelSecret(id).orElse(null), channel.recipients(), notice);
        audit.record(actor, "channel.test", CHANNEL, Long.toString(id),
                outcome.delivered() ? "delivered" : "failed: " + outcome.error());
        return new ChannelTestResult(outcome.delivered(), outcome.statusCode(), outcome.error());
    }

    @Override
    public Page<Delivery> deliveries(Long channelId, Long alertId, PageRequest page) {
        return store.deliveries(channelId, alertId, page);
    }

    @Override
    public Notifications notifications(String username, int limit) {
        if (limit < 1 || limit > MAX_NOTIFICATIONS) {
            throw new InvalidInputException("limit must be between 1 and " + MAX_NOTIFICATIONS + ", was " + limit);
        }
        long lastRead = store.lastReadEvent(username);
        return new Notifications(store.latestEvents(limit), store.countEventsAfter(lastRead), lastRead);
    }

    @Override
    public void markNotificationsRead(String username, long lastEventId) {
        Validation.range("lastEventId", lastEventId, 0, Long.MAX_VALUE);
        store.markRead(username, lastEventId);
    }
}
