package io.modelfleet.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.modelfleet.persistence.InferenceStore;

/**
 * Keeps the inference rollups current and the tables bounded: every few seconds it counts new raw results into the
 * per-minute and per-hour rollups (every server does; the store counts each row once), and every few minutes it
 * removes raw rows and rollups past their retention in short batches, so ingest never waits behind a long delete.
 */
@Component(service = InferenceRetention.class, immediate = true, configurationPid = RetentionConfiguration.PID)
@Designate(ocd = RetentionConfiguration.class)
public final class InferenceRetention {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceRetention.class);
    /** One rollup pass stops after this long so that a large backlog (after an upgrade) does not hold the thread. */
    private static final Duration PASS_BUDGET = Duration.ofSeconds(20);

    private final InferenceStore store;
    private final RetentionConfiguration config;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    @Activate
    public InferenceRetention(@Reference InferenceStore store, RetentionConfiguration config) {
        this(store, config, Clock.systemUTC());
        scheduler.scheduleWithFixedDelay(this::rollUpSafely, config.rollupIntervalSeconds(),
                config.rollupIntervalSeconds(), TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(this::expireSafely, 1, config.retentionIntervalMinutes() * 60L, TimeUnit.SECONDS);
    }

    InferenceRetention(InferenceStore store, RetentionConfiguration config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.scheduler = Daemons.scheduler("modelfleet-rollups");
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }

    /** Counts batches until the backlog is gone or the pass's time is up. @return rows counted */
    long rollUp() {
        long started = System.nanoTime();
        long total = 0;
        long counted;
        do {
            counted = store.rollUp(config.rollupBatchRows(), Duration.ofSeconds(config.rollupSettleSeconds()),
                    clock.instant());
            total += counted;
        } while (counted >= config.rollupBatchRows() && !Thread.currentThread().isInterrupted()
                && System.nanoTime() - started < PASS_BUDGET.toNanos());
        return total;
    }

    /** Deletes expired rows batch by batch until none is left. @return rows deleted */
    long expire() {
        Instant now = clock.instant();
        long deleted = 0;
        int batch = config.retentionBatchRows();
        if (config.rawRetentionDays() > 0) {
            Instant cutoff = now.minus(Duration.ofDays(config.rawRetentionDays()));
            int removed;
            do {
                removed = store.deleteRawBefore(cutoff, batch);
                deleted += removed;
            } while (removed > 0 && !Thread.currentThread().isInterrupted());
        }
        Instant minuteCutoff = config.minuteRollupRetentionDays() > 0
                ? now.minus(Duration.ofDays(config.minuteRollupRetentionDays())) : Instant.EPOCH;
        Instant hourCutoff = config.hourRollupRetentionDays() > 0
                ? now.minus(Duration.ofDays(config.hourRollupRetentionDays())) : Instant.EPOCH;
        int removed;
        do {
            removed = store.deleteRollupsBefore(minuteCutoff, hourCutoff, batch);
            deleted += removed;
        } while (removed > 0 && !Thread.currentThread().isInterrupted());
        return deleted;
    }

    private void rollUpSafely() {
        try {
            long counted = rollUp();
            if (counted > 0) {
                LOG.debug("Counted {} inference rows into the rollups", counted);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not update the inference rollups: {}", e.toString());
        }
    }

    private void expireSafely() {
        try {
            long deleted = expire();
            if (deleted > 0) {
                LOG.info("Removed {} inference rows past their retention", deleted);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not remove expired inference rows: {}", e.toString());
        }
    }
}
