package io.modelfleet.api.alert;

/** How a channel is reached. */
public enum ChannelType {
    /** JSON POST, signed with HMAC-SHA256 when the channel has a secret. */
    WEBHOOK,
    /** A Microsoft Teams incoming webhook (MessageCard). */
    TEAMS,
    /** A Slack incoming webhook. */
    SLACK,
    /** Email over the server's SMTP settings to the channel's recipients. */
    EMAIL
}
