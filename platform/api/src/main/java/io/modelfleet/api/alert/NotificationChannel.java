package io.modelfleet.api.alert;

import java.time.Instant;
import java.util.List;

/**
 * A stored channel; its secret is never returned, only whether it has one, and of its URL only the scheme and host
 * ({@code https://hooks.slack.com/...}): an incoming-webhook URL is itself the credential to post.
 */
public record NotificationChannel(long id, String name, ChannelType type, String url, boolean signed,
        List<String> recipients, boolean enabled, Instant createdAt, String createdBy) {
    public NotificationChannel {
        recipients = List.copyOf(recipients);
    }
}
