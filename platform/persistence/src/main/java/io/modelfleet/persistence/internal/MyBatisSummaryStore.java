package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.modelfleet.api.alert.ChannelType;
import io.modelfleet.api.alert.DeliveryStatus;
import io.modelfleet.api.alert.SentSummary;
import io.modelfleet.api.alert.SummarySettings;
import io.modelfleet.persistence.SummaryStore;

@Component(service = SummaryStore.class)
public final class MyBatisSummaryStore implements SummaryStore {
    private final Database db;

    @Activate
    public MyBatisSummaryStore(@Reference Database db) {
        this.db = db;
    }

    @Override
    public Optional<SummarySettings> settings() {
        return Optional.ofNullable(db.read(SummaryMapper.class, SummaryMapper::settings))
                .map(r -> new SummarySettings(r.enabled(), r.timeOfDay(), r.timeZone(), ids(r.channelIds()),
                        r.lowConfidenceBelow()));
    }

    @Override
    public void saveSettings(SummarySettings settings, String actor, Instant now) {
        String channels = settings.channelIds().stream().map(String::valueOf).collect(Collectors.joining(","));
        db.write(SummaryMapper.class, m -> m.saveSettings(settings, channels, actor, now));
    }

    @Override
    public List<GroupCounts> byModel(Instant from, Instant to, int binsBelow) {
        return db.read(SummaryMapper.class, m -> m.byModel(from, to, binsBelow, io.modelfleet.api.alert.DailySummary.MAX_GROUPS));
    }

    @Override
    public List<GroupCounts> byTag(Instant from, Instant to, int binsBelow) {
        return db.read(SummaryMapper.class, m -> m.byTag(from, to, binsBelow, io.modelfleet.api.alert.DailySummary.MAX_GROUPS));
    }

    @Override
    public GroupCounts fleet(Instant from, Instant to, int binsBelow) {
        return db.read(SummaryMapper.class, m -> m.fleet(from, to, binsBelow));
    }

    @Override
    public List<GroupCounts> hours(Instant from, Instant to, int binsBelow) {
        return db.read(SummaryMapper.class, m -> m.hours(from, to, binsBelow));
    }

    @Override
    public long[] alertCounts(Instant from, Instant to) {
        return db.read(SummaryMapper.class, m -> new long[] { m.alertsOpened(from, to), m.alertsResolved(from, to),
                m.alertsOpenAt(to) });
    }

    @Override
    public List<String> alertLines(Instant from, Instant to, int limit) {
        return db.read(SummaryMapper.class, m -> m.alertLines(from, to, limit));
    }

    @Override
    public long[] rolloutCounts(Instant from, Instant to) {
        return db.read(SummaryMapper.class, m -> new long[] { m.rolloutsStarted(from, to),
                m.rolloutsEnded(from, to, List.of("SUCCEEDED")), m.rolloutsEnded(from, to, List.of("FAILED", "ROLLED_BACK")) });
    }

    @Override
    public long[] runCounts(Instant from, Instant to) {
        return db.read(SummaryMapper.class, m -> new long[] { m.runsStarted(from, to), m.runsEnded(from, to, "SUCCEEDED"),
                m.runsEnded(from, to, "FAILED") });
    }

    @Override
    public long[] edgeCounts(Instant since) {
        return db.read(SummaryMapper.class, m -> new long[] { m.approvedEdges(), m.edgesSeenSince(since) });
    }

    @Override
    public Optional<Long> keep(LocalDate day, String timeZone, String body, List<Long> channelIds, boolean replace,
            String actor, Instant now) {
        EdgeMapper.Generated key = new EdgeMapper.Generated();
        return db.write(SummaryMapper.class, m -> {
            if (replace) {
                m.keep(key, day, timeZone, body, actor, now);
                m.dropPending(key.id);
            } else if (m.keepIfAbsent(key, day, timeZone, body, actor, now) == 0) {
                return Optional.<Long>empty();
            }
            if (!channelIds.isEmpty()) {
                m.queue(key.id, channelIds, now);
            }
            return Optional.of(key.id);
        });
    }

    @Override
    public boolean kept(LocalDate day, String timeZone) {
        return db.read(SummaryMapper.class, m -> m.countKept(day, timeZone)) > 0;
    }

    @Override
    public Optional<String> body(long id) {
        return Optional.ofNullable(db.read(SummaryMapper.class, m -> m.body(id)));
    }

    @Override
    public List<SentSummary> sent(int limit) {
        return db.read(SummaryMapper.class, m -> {
            return withDeliveries(m, m.sent(limit));
        });
    }

    @Override
    public Optional<SentSummary> sent(long id) {
        return db.read(SummaryMapper.class, m -> {
            SummaryMapper.SentRow row = m.sentOne(id);
            return row == null ? Optional.<SentSummary>empty() : Optional.of(withDeliveries(m, List.of(row)).get(0));
        });
    }

    private static List<SentSummary> withDeliveries(SummaryMapper m, List<SummaryMapper.SentRow> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, List<SentSummary.Delivery>> deliveries = new LinkedHashMap<>();
        for (SummaryMapper.SentDeliveryRow d : m.sentDeliveries(rows.stream().map(SummaryMapper.SentRow::id).toList())) {
            deliveries.computeIfAbsent(d.summaryId(), id -> new java.util.ArrayList<>()).add(new SentSummary.Delivery(
                    d.channelId(), d.channelName(), DeliveryStatus.valueOf(d.status()), d.attempts(),
                    d.lastStatusCode(), d.lastError(), d.deliveredAt()));
        }
        return rows.stream().map(r -> new SentSummary(r.id(), r.day(), r.timeZone(), r.generatedAt(),
                r.generatedBy(), deliveries.getOrDefault(r.id(), List.of()))).toList();
    }

    @Override
    public List<DueSummaryDelivery> claimed(String owner, Instant leaseUntil) {
        return db.read(SummaryMapper.class, m -> m.claimed(owner, leaseUntil)).stream()
                .map(d -> new DueSummaryDelivery(d.id(), d.attempts(), d.channelId(), d.channelName(),
                        ChannelType.valueOf(d.channelType()), d.url(), d.secret(), list(d.recipients()), d.summaryId(),
                        d.body()))
                .toList();
    }

    private static List<Long> ids(String csv) {
        return csv == null || csv.isBlank() ? List.of() : Arrays.stream(csv.split(",")).map(Long::valueOf).toList();
    }

    private static List<String> list(String csv) {
        return csv == null || csv.isBlank() ? List.of() : Arrays.asList(csv.split(","));
    }
}
