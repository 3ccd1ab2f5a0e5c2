package io.modelfleet.api.alert;

import java.time.Instant;

/**
 * One time a rule's condition held for a subject ({@code fleet}, {@code edge:<id>} or {@code model:<version>});
 * {@code value} is what was measured when it fired (minutes offline, or a percentage).
 */
public record Alert(long id, long ruleId, String ruleName, AlertKind kind, String subject, String subjectLabel,
        AlertState state, double value, String message, Instant firedAt, Instant resolvedAt, Instant lastNotifiedAt,
        Instant silencedUntil, String acknowledgedBy, Instant acknowledgedAt) {
}
