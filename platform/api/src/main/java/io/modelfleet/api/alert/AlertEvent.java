package io.modelfleet.api.alert;

import java.time.Instant;

/** One entry of the notification center. */
public record AlertEvent(long id, long alertId, long ruleId, String ruleName, String subjectLabel, AlertEventType type,
        String message, String actor, Instant at) {
}
