package io.modelfleet.core.internal;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.Validation;
import io.modelfleet.api.alert.DailySummary;
import io.modelfleet.api.alert.DailySummary.Rates;
import io.modelfleet.api.alert.NotificationChannel;
import io.modelfleet.api.alert.SentSummary;
import io.modelfleet.api.alert.SummaryService;
import io.modelfleet.api.alert.SummarySettings;
import io.modelfleet.api.edge.FleetService;
import io.modelfleet.api.edge.FleetSummary;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.persistence.AlertStore;
import io.modelfleet.persistence.SummaryStore;
import io.modelfleet.persistence.SummaryStore.GroupCounts;

/**
 * Daily summaries from the hourly rollups and the alert, rollout and run tables (a few grouped reads, whatever the
 * fleet's size). Every minute the server holding the {@code daily-summary} lease checks whether the settings' time
 * of day has come in their zone and the day before has no kept summary; then it makes one, keeps it and queues its
 * deliveries in one transaction, so a summary goes out once even when servers come and go.
 */
@Component(service = { SummaryService.class, SummaryServiceImpl.class }, immediate = true,
        configurationPid = AlertConfiguration.PID)
public final class SummaryServiceImpl implements SummaryService {
    private static final Logger LOG = LoggerFactory.getLogger(SummaryServiceImpl.class);
    static final String LEASE = "daily-summary";
    static final String ACTOR = "daily-summary";
    static final int MAX_SENT = 365;
    static final int ALERT_LINES = 20;
    private static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final SummaryStore store;
    private final AlertStore alerts;
    private final FleetService fleet;
    private final AuditLog audit;
    private final Clock clock;
    private final String owner;
    private final Duration lease;
    private final ScheduledExecutorService scheduler;

    @Activate
    public SummaryServiceImpl(@Reference SummaryStore store, @Reference AlertStore alerts,
            @Reference FleetService fleet, @Reference AuditLog audit, AlertConfiguration config) {
        this(store, alerts, fleet, audit, Clock.systemUTC(), config.nodeId().isBlank()
                ? TrainingCoordinator.defaultNodeId() : config.nodeId(), Duration.ofSeconds(config.leaseSeconds()));
        scheduler.scheduleWithFixedDelay(this::tickSafely, 20, 60, TimeUnit.SECONDS);
    }

    SummaryServiceImpl(SummaryStore store, AlertStore alerts, FleetService fleet, AuditLog audit, Clock clock,
            String owner, Duration lease) {
        this.store = store;
        this.alerts = alerts;
        this.fleet = fleet;
        this.audit = audit;
        this.clock = clock;
        this.owner = owner;
        // the job runs once a minute: the lease must outlive the pause between two passes
        this.lease = lease.compareTo(Duration.ofSeconds(90)) < 0 ? Duration.ofSeconds(90) : lease;
        this.scheduler = Daemons.scheduler("modelfleet-daily-summary");
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }

    @Override
    public SummarySettings settings() {
        SummarySettings stored = store.settings().orElse(SummarySettings.DEFAULT);
        // a channel deleted since stays out
        Set<Long> known = alerts.channels().stream().map(NotificationChannel::id).collect(Collectors.toSet());
        List<Long> channels = stored.channelIds().stream().filter(known::contains).toList();
        return channels.size() == stored.channelIds().size() ? stored : new SummarySettings(stored.enabled(),
                stored.timeOfDay(), stored.timeZone(), channels, stored.lowConfidenceBelow());
    }

    @Override
    public SummarySettings setSettings(SummarySettings settings, String actor) {
        Set<Long> known = alerts.channels().stream().map(NotificationChannel::id).collect(Collectors.toSet());
        for (Long channel : settings.channelIds()) {
            if (!known.contains(channel)) {
                throw Validation.invalid("channelIds", "channel " + channel + " does not exist");
            }
        }
        store.saveSettings(settings, actor, clock.instant());
        audit.record(actor, "summary.settings", "summary", "daily", (settings.enabled() ? "on" : "off") + " at "
                + settings.timeOfDay() + " " + settings.timeZone() + ", channels " + settings.channelIds());
        return settings();
    }

    @Override
    public DailySummary summary(LocalDate day, String timeZone) {
        SummarySettings settings = settings();
        ZoneId zone = zone(timeZone == null || timeZone.isBlank() ? settings.timeZone() : timeZone);
        LocalDate chosen = day == null ? LocalDate.now(clock.withZone(zone)).minusDays(1) : day;
        return make(chosen, zone, settings.lowConfidenceBelow());
    }

    @Override
    public Optional<DailySummary> kept(long id) {
        return store.body(id).map(SummaryServiceImpl::read);
    }

    @Override
    public List<SentSummary> sent(int limit) {
        if (limit < 1 || limit > MAX_SENT) {
            throw new InvalidInputException("limit must be between 1 and " + MAX_SENT, Map.of("limit", "1-" + MAX_SENT));
        }
        return store.sent(limit);
    }

    @Override
    public SentSummary send(LocalDate day, String actor) {
        SummarySettings settings = settings();
        ZoneId zone = zone(settings.timeZone());
        LocalDate chosen = day == null ? LocalDate.now(clock.withZone(zone)).minusDays(1) : day;
        long id = keep(make(chosen, zone, settings.lowConfidenceBelow()), settings, true, actor).orElseThrow();
        audit.record(actor, "summary.send", "summary", Long.toString(id), chosen + " " + zone + " to channels "
                + settings.channelIds());
        return store.sent(id).orElseThrow(() -> new NotFoundException("summary " + id + " is gone"));
    }

    private Optional<Long> keep(DailySummary summary, SummarySettings settings, boolean replace, String actor) {
        try {
            return store.keep(summary.day(), summary.timeZone(), JSON.writeValueAsString(summary),
                    settings.channelIds(), replace, actor, clock.instant());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a summary always serializes", e);
        }
    }

    static DailySummary read(String body) {
        try {
            return JSON.readValue(body, DailySummary.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a kept summary is not readable: " + e.getOriginalMessage(), e);
        }
    }

    private static ZoneId zone(String name) {
        Validation.required("timeZone", name, 64);
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            throw Validation.invalid("timeZone", "an IANA time zone such as Europe/Berlin, not " + name);
        }
    }

    /** The day's bounds in whole UTC hours (the rollups are hourly): a zone's midnight rounded down to its hour. */
    private static Instant start(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toInstant().truncatedTo(ChronoUnit.HOURS);
    }

    DailySummary make(LocalDate day, ZoneId zone, double lowConfidenceBelow) {
        Instant now = clock.instant();
        if (day.isBefore(EARLIEST) || !day.isBefore(LocalDate.now(clock.withZone(zone)))) {
            throw new InvalidInputException("the day " + day + " has not ended yet in " + zone + " or is before "
                    + EARLIEST + "; a summary covers a whole day", Map.of("day", "a day that has ended"));
        }
        Instant from = start(day, zone);
        Instant to = start(day.plusDays(1), zone);
        if (to.isAfter(now)) {
            throw new InvalidInputException("the day " + day + " has not ended yet in " + zone
                    + "; a summary covers a whole day", Map.of("day", "a day that has ended"));
        }
        Instant before = start(day.minusDays(1), zone);
        int bins = (int) Math.round(lowConfidenceBelow * 20);
        Rates fleetRates = rates("fleet", store.fleet(from, to, bins), store.fleet(before, from, bins));
        List<Rates> byModel = compare(store.byModel(from, to, bins), store.byModel(before, from, bins));
        List<Rates> byTag = compare(store.byTag(from, to, bins), store.byTag(before, from, bins));
        List<DailySummary.Hour> hours = new ArrayList<>();
        for (GroupCounts hour : store.hours(from, to, bins)) {
            hours.add(new DailySummary.Hour(Instant.parse(hour.group()), hour.results(), hour.lowConfidence(),
                    hour.failures()));
        }
        long[] edges = store.edgeCounts(from);
        FleetSummary current = fleet.summary();
        long[] alertCounts = store.alertCounts(from, to);
        long[] rollouts = store.rolloutCounts(from, to);
        long[] runs = store.runCounts(from, to);
        return new DailySummary(day, zone.getId(), from, to, now.truncatedTo(ChronoUnit.MILLIS), lowConfidenceBelow,
                new DailySummary.Edges(edges[0], current.online(), current.offline(), edges[1]), fleetRates, byModel,
                byTag, hours, new DailySummary.AlertCounts(alertCounts[0], alertCounts[1], alertCounts[2]),
                store.alertLines(from, to, ALERT_LINES), new DailySummary.Counts(rollouts[0], rollouts[1], rollouts[2]),
                new DailySummary.Counts(runs[0], runs[1], runs[2]));
    }

    private static List<Rates> compare(List<GroupCounts> day, List<GroupCounts> dayBefore) {
        Map<String, GroupCounts> previous = dayBefore.stream()
                .collect(Collectors.toMap(GroupCounts::group, Function.identity(), (a, b) -> a));
        return day.stream().map(g -> rates(g.group(), g, previous.get(g.group()))).toList();
    }

    private static Rates rates(String group, GroupCounts day, GroupCounts before) {
        long inferences = day.results() + day.failures();
        long previous = before == null ? 0 : before.results() + before.failures();
        return new Rates(group, inferences, share(day.lowConfidence(), day.results()), share(day.failures(), inferences),
                previous, before == null ? null : share(before.lowConfidence(), before.results()),
                before == null ? null : share(before.failures(), previous));
    }

    private static Double share(long part, long whole) {
        return whole == 0 ? null : 100.0 * part / whole;
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("The daily summary pass failed; next pass in a minute", e);
        }
    }

    /** Makes and sends yesterday's summary once the settings' time of day has come, on one server. */
    boolean tick() {
        SummarySettings settings = settings();
        if (!settings.enabled()) {
            return false;
        }
        Instant now = clock.instant();
        ZoneId zone = zone(settings.timeZone());
        ZonedDateTime local = now.atZone(zone);
        if (local.toLocalTime().isBefore(LocalTime.parse(settings.timeOfDay()))) {
            return false;
        }
        LocalDate yesterday = local.toLocalDate().minusDays(1);
        if (store.kept(yesterday, zone.getId()) || !alerts.acquireLease(LEASE, owner, now.plus(lease), now)
                || store.kept(yesterday, zone.getId())) {
            return false;
        }
        // kept only if no other server (or person) kept that day meanwhile: a day's summary goes out once
        Optional<Long> id = keep(make(yesterday, zone, settings.lowConfidenceBelow()), settings, false, ACTOR);
        id.ifPresent(kept -> LOG.info("Daily summary {} of {} ({}) made and queued to channels {}", kept, yesterday, zone,
                settings.channelIds()));
        return id.isPresent();
    }
}
