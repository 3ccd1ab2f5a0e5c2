package io.modelfleet.api.alert;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A summary that was made and sent, with what became of each channel's delivery. */
public record SentSummary(long id, LocalDate day, String timeZone, Instant generatedAt, String generatedBy,
        List<Delivery> deliveries) {
    public SentSummary {
        deliveries = List.copyOf(deliveries);
    }

    public record Delivery(long channelId, String channelName, DeliveryStatus status, int attempts,
            Integer lastStatusCode, String lastError, Instant deliveredAt) {
    }
}
