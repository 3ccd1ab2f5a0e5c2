package io.modelfleet.api.alert;

import java.time.Instant;
import java.util.List;

/** A stored channel; its secret is never returned, only whether it has one. */
public record NotificationChannel(long id, String name, ChannelType type, String url, boolean signed,
        List<String> recipients, boolean enabled, Instant createdAt, String createdBy) {
    public NotificationChannel {
        recipients = List.copyOf(recipients);
    }
}
