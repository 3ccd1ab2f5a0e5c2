package io.modelfleet.persistence;

import java.time.Instant;

import io.modelfleet.api.alert.AlertState;

/** What the rule evaluator needs of an alert that is not resolved yet. */
public record OpenAlert(long id, long ruleId, String subject, AlertState state, Instant lastNotifiedAt,
        Instant silencedUntil) {
}
