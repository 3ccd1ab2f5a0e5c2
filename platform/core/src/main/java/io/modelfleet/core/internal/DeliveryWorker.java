package io.modelfleet.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.modelfleet.persistence.AlertStore;
import io.modelfleet.persistence.DueDelivery;
import io.modelfleet.persistence.SummaryStore;

/**
 * Works off the notification outbox on every server: takes a few due deliveries with a lease (so no two servers send
 * one at once), sends each once, and records the outcome; a failed attempt is tried again after a wait that triples
 * each time (at most an hour) until {@code maxAttempts}, then the delivery is FAILED. Receivers get the delivery id in
 * a header, so one resent after a server died mid-send can be recognised. Daily summaries go through the same
 * outbox.
 */
@Component(service = DeliveryWorker.class, immediate = true, configurationPid = AlertConfiguration.PID)
@Designate(ocd = AlertConfiguration.class)
public final class DeliveryWorker {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final int CLAIM = 5;
    private static final Duration MAX_WAIT = Duration.ofHours(1);

    private final AlertStore store;
    private final SummaryStore summaries;
    private final ChannelSender sender;
    private final Clock clock;
    private final String owner;
    private final int maxAttempts;
    private final Duration retryBase;
    private final Duration lease;
    private final ScheduledExecutorService scheduler;

    @Activate
    public DeliveryWorker(@Reference AlertStore store, @Reference SummaryStore summaries,
            @Reference ChannelSender sender, AlertConfiguration config) {
        this(store, summaries, sender, Clock.systemUTC(), config.nodeId().isBlank() ? TrainingCoordinator.defaultNodeId()
                : config.nodeId(), config.maxAttempts(), Duration.ofSeconds(config.retryBaseSeconds()),
                Duration.ofSeconds(config.sendTimeoutSeconds()));
        scheduler.scheduleWithFixedDelay(this::workSafely, config.deliveryPollMillis(), config.deliveryPollMillis(),
                TimeUnit.MILLISECONDS);
    }

    DeliveryWorker(AlertStore store, SummaryStore summaries, ChannelSender sender, Clock clock, String owner,
            int maxAttempts, Duration retryBase, Duration sendTimeout) {
        this.store = store;
        this.summaries = summaries;
        this.sender = sender;
        this.clock = clock;
        this.owner = owner;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.retryBase = retryBase;
        // room for every claimed delivery to time out twice (connect and answer) before another server may take it
        this.lease = sendTimeout.multipliedBy(2L * CLAIM).plusSeconds(30);
        this.scheduler = Daemons.scheduler("modelfleet-notifications");
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }

    private void workSafely() {
        try {
            while (work() == CLAIM && !Thread.currentThread().isInterrupted()) {
                // a full claim: more may be due
            }
        } catch (RuntimeException e) {
            LOG.warn("Sending notifications failed; trying again shortly", e);
        }
    }

    /** Sends what is due now. @return how many deliveries were attempted */
    int work() {
        Instant now = clock.instant();
        Instant leaseUntil = now.plus(lease);
        List<DueDelivery> due = store.claimDue(owner, leaseUntil, CLAIM, now);
        for (DueDelivery delivery : due) {
            record(delivery.id(), delivery.channelName(), delivery.attempts(), sender.send(delivery.channelType(),
                    delivery.url(), delivery.secret(), delivery.recipients(), AlertNotice.of(delivery)));
        }
        List<SummaryStore.DueSummaryDelivery> dueSummaries = summaries.claimed(owner, leaseUntil);
        for (SummaryStore.DueSummaryDelivery delivery : dueSummaries) {
            ChannelSender.Outcome outcome;
            try {
                outcome = sender.sendSummary(delivery.channelType(), delivery.url(), delivery.secret(),
                        delivery.recipients(), delivery.id(), SummaryServiceImpl.read(delivery.body()), delivery.body());
            } catch (IllegalStateException e) {
                outcome = new ChannelSender.Outcome(false, null, e.getMessage());
            }
            record(delivery.id(), delivery.channelName(), delivery.attempts(), outcome);
        }
        return due.size() + dueSummaries.size();
    }

    private void record(long id, String channelName, int attempts, ChannelSender.Outcome outcome) {
        Instant done = clock.instant();
        if (outcome.delivered()) {
            store.delivered(id, owner, outcome.statusCode(), done);
        } else {
            int attempt = attempts + 1;
            Instant next = attempt >= maxAttempts ? null : done.plus(wait(attempt));
            store.attemptFailed(id, owner, outcome.statusCode(), outcome.error(), next, done);
            LOG.info("Delivery {} to channel {} failed (attempt {} of {}): {}", id, channelName, attempt, maxAttempts,
                    outcome.error());
        }
    }

    /** retryBase, then three times as long after each further failure, at most an hour. */
    Duration wait(int failedAttempts) {
        Duration wait = retryBase;
        for (int i = 1; i < failedAttempts && wait.compareTo(MAX_WAIT) < 0; i++) {
            wait = wait.multipliedBy(3);
        }
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }
}
