package io.modelfleet.persistence;

import java.time.Instant;
import java.util.List;

import io.modelfleet.api.alert.AlertEventType;
import io.modelfleet.api.alert.AlertKind;
import io.modelfleet.api.alert.ChannelType;

/** A delivery a server has taken to send: the channel (with its secret) and what to tell it. */
public record DueDelivery(long id, int attempts, long channelId, String channelName, ChannelType channelType,
        String url, String secret, List<String> recipients, long eventId, AlertEventType event, String eventMessage,
        Instant eventAt, long alertId, long ruleId, String ruleName, AlertKind kind, String subject,
        String subjectLabel, double value, Instant firedAt) {
    public DueDelivery {
        recipients = List.copyOf(recipients);
    }
}
