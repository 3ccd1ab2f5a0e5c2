package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.ibatis.exceptions.PersistenceException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.Page;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.alert.Alert;
import io.modelfleet.api.alert.AlertEvent;
import io.modelfleet.api.alert.AlertEventType;
import io.modelfleet.api.alert.AlertKind;
import io.modelfleet.api.alert.AlertRule;
import io.modelfleet.api.alert.AlertState;
import io.modelfleet.api.alert.ChannelType;
import io.modelfleet.api.alert.Delivery;
import io.modelfleet.api.alert.DeliveryStatus;
import io.modelfleet.api.alert.NewAlertRule;
import io.modelfleet.api.alert.NewNotificationChannel;
import io.modelfleet.api.alert.NotificationChannel;
import io.modelfleet.persistence.AlertStore;
import io.modelfleet.persistence.DueDelivery;
import io.modelfleet.persistence.EdgeSeen;
import io.modelfleet.persistence.OpenAlert;

@Component(service = AlertStore.class)
public final class MyBatisAlertStore implements AlertStore {
    private static final int MAX_ERROR_LENGTH = 1024;
    /** alert.message and alert_event.message are VARCHAR(1024). */
    private static final int MAX_MESSAGE_LENGTH = 1024;
    private final Database db;

    @Activate
    public MyBatisAlertStore(@Reference Database db) {
        this.db = db;
    }

    @Override
    public List<AlertRule> rules() {
        return db.read(AlertMapper.class, AlertMapper::rules).stream().map(MyBatisAlertStore::rule).toList();
    }

    @Override
    public Optional<AlertRule> rule(long id) {
        return Optional.ofNullable(db.read(AlertMapper.class, m -> m.rule(id))).map(MyBatisAlertStore::rule);
    }

    @Override
    public AlertRule insertRule(NewAlertRule rule, String actor, Instant now) {
        EdgeMapper.Generated key = new EdgeMapper.Generated();
        try {
            db.write(AlertMapper.class, m -> {
                m.insertRule(key, rule, ids(rule.channelIds()), actor, now);
                return null;
            });
        } catch (PersistenceException e) {
            throw nameTaken(e, "an alert rule", rule.name());
        }
        return rule(key.id).orElseThrow();
    }

    @Override
    public Optional<AlertRule> updateRule(long id, NewAlertRule rule, String actor, Instant now) {
        int updated;
        try {
            updated = db.write(AlertMapper.class, m -> m.updateRule(id, rule, ids(rule.channelIds()), actor, now));
        } catch (PersistenceException e) {
            throw nameTaken(e, "an alert rule", rule.name());
        }
        return updated == 0 ? Optional.empty() : rule(id);
    }

    @Override
    public boolean deleteRule(long id) {
        return db.write(AlertMapper.class, m -> m.deleteRule(id)) > 0;
    }

    @Override
    public List<NotificationChannel> channels() {
        return db.read(AlertMapper.class, AlertMapper::channels).stream().map(MyBatisAlertStore::channel).toList();
    }

    @Override
    public Optional<NotificationChannel> channel(long id) {
        return Optional.ofNullable(db.read(AlertMapper.class, m -> m.channel(id))).map(MyBatisAlertStore::channel);
    }

    @Override
    public Optional<String> channelSecret(long id) {
        return Optional.ofNullable(db.read(AlertMapper.class, m -> m.channel(id))).map(AlertMapper.ChannelRow::secret);
    }

    @Override
    public NotificationChannel insertChannel(NewNotificationChannel channel, String actor, Instant now) {
        EdgeMapper.Generated key = new EdgeMapper.Generated();
        try {
            db.write(AlertMapper.class, m -> {
                m.insertChannel(key, channel, channel.recipients().isEmpty() ? null : String.join(",", channel.recipients()),
                        actor, now);
                return null;
            });
        } catch (PersistenceException e) {
            throw nameTaken(e, "a channel", channel.name());
        }
        return channel(key.id).orElseThrow();
    }

    @Override
    public boolean deleteChannel(long id, Instant now) {
        return db.write(AlertMapper.class, m -> {
            for (AlertMapper.RuleRow rule : m.rules()) {
                List<Long> channels = ids(rule.channelIds());
                if (channels.contains(id)) {
                    m.setRuleChannels(rule.id(), ids(channels.stream().filter(c -> c != id).toList()));
                }
            }
            return m.deleteChannel(id) > 0;
        });
    }

    @Override
    public List<Occurrence> failedRollouts(Instant since) {
        return db.read(AlertMapper.class, m -> m.failedRollouts(since));
    }

    @Override
    public List<Occurrence> finishedRuns(io.modelfleet.api.stream.RunState state, Instant since) {
        return db.read(AlertMapper.class, m -> m.finishedRuns(state.name(), since));
    }

    @Override
    public boolean acquireLease(String name, String owner, Instant until, Instant now) {
        return db.write(AlertMapper.class, m -> m.insertLease(name, owner, until) > 0
                || m.takeLease(name, owner, until, now) > 0);
    }

    @Override
    public List<EdgeSeen> approvedEdgesSeenBefore(String tagKey, String tagValue, Instant before) {
        return db.read(AlertMapper.class, m -> m.approvedEdgesSeenBefore(tagKey, tagValue, before));
    }

    @Override
    public Optional<String> edgeName(long edgeId) {
        return Optional.ofNullable(db.read(AlertMapper.class, m -> m.edgeName(edgeId)));
    }

    @Override
    public List<OpenAlert> openAlerts() {
        return db.read(AlertMapper.class, AlertMapper::openAlerts);
    }

    @Override
    public Optional<Long> fire(long ruleId, String subject, String subjectLabel, double value, String message,
            Collection<Long> channelIds, Instant now) {
        return db.write(AlertMapper.class, m -> {
            EdgeMapper.Generated alert = new EdgeMapper.Generated();
            if (m.insertAlert(alert, ruleId, subject, subjectLabel, value, clip(message), now) == 0) {
                return Optional.<Long>empty();
            }
            event(m, alert.id, AlertEventType.FIRED, message, null, channelIds, now);
            return Optional.of(alert.id);
        });
    }

    @Override
    public boolean resolve(long alertId, String message, Collection<Long> channelIds, Instant now) {
        return db.write(AlertMapper.class, m -> {
            AlertState state = m.lockAlert(alertId);
            if (state == null || m.resolve(alertId, now) == 0) {
                return false;
            }
            // a silenced alert resolves quietly: what was silenced is not worth a message when it ends
            event(m, alertId, AlertEventType.RESOLVED, message, null,
                    state == AlertState.SILENCED ? List.of() : channelIds, now);
            return true;
        });
    }

    @Override
    public boolean remind(long alertId, Instant lastNotifiedAt, String message, Collection<Long> channelIds,
            Instant now) {
        return db.write(AlertMapper.class, m -> {
            if (m.remind(alertId, lastNotifiedAt, now) == 0) {
                return false;
            }
            event(m, alertId, AlertEventType.REMINDED, message, null, channelIds, now);
            return true;
        });
    }

    @Override
    public boolean acknowledge(long alertId, String actor, Instant now) {
        return db.write(AlertMapper.class, m -> {
            if (m.acknowledge(alertId, actor, now) == 0) {
                return false;
            }
            event(m, alertId, AlertEventType.ACKNOWLEDGED, "acknowledged by " + actor, actor, List.of(), now);
            return true;
        });
    }

    @Override
    public boolean silence(long alertId, Instant until, String actor, Instant now) {
        return db.write(AlertMapper.class, m -> {
            if (m.silence(alertId, until) == 0) {
                return false;
            }
            event(m, alertId, AlertEventType.SILENCED, "silenced by " + actor + " until " + until, actor, List.of(), now);
            return true;
        });
    }

    private static void event(AlertMapper m, long alertId, AlertEventType type, String message, String actor,
            Collection<Long> channelIds, Instant now) {
        EdgeMapper.Generated event = new EdgeMapper.Generated();
        m.insertEvent(event, alertId, type, clip(message), actor, now);
        if (type.notifies() && !channelIds.isEmpty()) {
            m.insertDeliveries(event.id, channelIds, now);
        }
    }

    /** Messages quote what failed (a run's or rollout's own message): they are cut to what the columns hold. */
    private static String clip(String message) {
        return message.length() <= MAX_MESSAGE_LENGTH ? message : message.substring(0, MAX_MESSAGE_LENGTH - 1) + "…";
    }

    @Override
    public Page<Alert> alerts(Boolean open, Long ruleId, PageRequest page) {
        return db.read(AlertMapper.class, m -> new Page<>(m.alerts(open, ruleId, page.limit(), page.offset()),
                m.countAlerts(open, ruleId), page.limit(), page.offset()));
    }

    @Override
    public Optional<Alert> alert(long id) {
        return Optional.ofNullable(db.read(AlertMapper.class, m -> m.alert(id)));
    }

    @Override
    public List<AlertEvent> events(long alertId) {
        return db.read(AlertMapper.class, m -> m.events(alertId));
    }

    @Override
    public List<AlertEvent> latestEvents(int limit) {
        return db.read(AlertMapper.class, m -> m.latestEvents(limit));
    }

    @Override
    public long countEventsAfter(long eventId) {
        return db.read(AlertMapper.class, m -> m.countEventsAfter(eventId, UNREAD_CAP));
    }

    @Override
    public long lastReadEvent(String username) {
        return db.read(AlertMapper.class, m -> m.lastReadEvent(username));
    }

    @Override
    public void markRead(String username, long eventId) {
        db.write(AlertMapper.class, m -> {
            m.markRead(username, eventId);
            return null;
        });
    }

    @Override
    public List<DueDelivery> claimDue(String owner, Instant leaseUntil, int limit, Instant now) {
        return db.write(AlertMapper.class, m -> {
            if (m.claim(owner, leaseUntil, limit, now) == 0) {
                return List.<DueDelivery>of();
            }
            return m.claimed(owner, leaseUntil).stream().map(MyBatisAlertStore::due).toList();
        });
    }

    @Override
    public void delivered(long id, String owner, Integer statusCode, Instant now) {
        db.write(AlertMapper.class, m -> m.delivered(id, owner, statusCode, now));
    }

    @Override
    public void attemptFailed(long id, String owner, Integer statusCode, String error, Instant nextAttemptAt,
            Instant now) {
        String cut = error == null || error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
        db.write(AlertMapper.class, m -> m.attemptFailed(id, owner, nextAttemptAt == null ? "FAILED" : "PENDING",
                statusCode, cut, nextAttemptAt));
    }

    @Override
    public Page<Delivery> deliveries(Long channelId, Long alertId, PageRequest page) {
        return db.read(AlertMapper.class, m -> new Page<>(
                m.deliveries(channelId, alertId, page.limit(), page.offset()).stream().map(MyBatisAlertStore::delivery)
                        .toList(),
                m.countDeliveries(channelId, alertId), page.limit(), page.offset()));
    }

    private static ConflictException nameTaken(PersistenceException e, String what, String name) {
        if (Database.isDuplicateKey(e)) {
            return new ConflictException(what + " named " + name + " already exists");
        }
        throw e;
    }

    static String ids(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    static List<Long> ids(String ids) {
        return ids == null || ids.isBlank() ? List.of() : Arrays.stream(ids.split(",")).map(Long::valueOf).toList();
    }

    private static List<String> list(String csv) {
        return csv == null || csv.isBlank() ? List.of() : List.of(csv.split(","));
    }

    private static AlertRule rule(AlertMapper.RuleRow r) {
        return new AlertRule(r.id(), r.name(), AlertKind.valueOf(r.kind()), r.edgeId(), r.tagKey(), r.tagValue(),
                r.modelVersion(), r.threshold(), r.scoreBelow(), r.windowMinutes(), r.minResults(), r.renotifyMinutes(),
                r.enabled(), ids(r.channelIds()), r.createdAt(), r.createdBy(), r.updatedAt(), r.updatedBy());
    }

    private static NotificationChannel channel(AlertMapper.ChannelRow c) {
        return new NotificationChannel(c.id(), c.name(), ChannelType.valueOf(c.type()), redacted(c.url()), c.secret() != null,
                list(c.recipients()), c.enabled(), c.createdAt(), c.createdBy());
    }

    /**
     * Only the scheme and host of a webhook URL are shown: a Slack or Teams incoming-webhook URL is itself the
     * credential to post to the channel.
     */
    static String redacted(String url) {
        if (url == null) {
            return null;
        }
        java.net.URI uri = java.net.URI.create(url);
        String origin = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        String path = uri.getRawPath();
        return origin + (path == null || path.isEmpty() || "/".equals(path) && uri.getRawQuery() == null ? "/" : "/...");
    }

    private static DueDelivery due(AlertMapper.DueRow d) {
        return new DueDelivery(d.id(), d.attempts(), d.channelId(), d.channelName(), ChannelType.valueOf(d.channelType()),
                d.url(), d.secret(), list(d.recipients()), d.eventId(), AlertEventType.valueOf(d.event()),
                d.eventMessage(), d.eventAt(), d.alertId(), d.ruleId(), d.ruleName(), AlertKind.valueOf(d.kind()),
                d.subject(), d.subjectLabel(), d.value(), d.firedAt());
    }

    private static Delivery delivery(AlertMapper.DeliveryRow d) {
        return new Delivery(d.id(), d.eventId(), d.alertId(), AlertEventType.valueOf(d.event()), d.channelId(),
                d.channelName(), DeliveryStatus.valueOf(d.status()), d.attempts(), d.nextAttemptAt(), d.lastStatusCode(),
                d.lastError(), d.createdAt(), d.deliveredAt());
    }
}
