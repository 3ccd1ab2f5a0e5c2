package io.modelfleet.api.alert;

import java.time.Instant;

/** One alert event sent (or being sent) to one channel: the delivery log. */
public record Delivery(long id, long eventId, long alertId, AlertEventType event, long channelId, String channelName,
        DeliveryStatus status, int attempts, Instant nextAttemptAt, Integer lastStatusCode, String lastError,
        Instant createdAt, Instant deliveredAt) {
}
