package io.modelfleet.core.internal;

import java.time.Instant;

import io.modelfleet.api.alert.AlertEventType;
import io.modelfleet.api.alert.AlertKind;
import io.modelfleet.persistence.DueDelivery;

/** What one notification says, whatever the channel: built from a delivery, or made up for a channel test. */
record AlertNotice(long deliveryId, AlertEventType event, long alertId, String ruleName, AlertKind kind,
        String subject, String subjectLabel, double value, String message, Instant firedAt, Instant at) {

    static AlertNotice of(DueDelivery d) {
        return new AlertNotice(d.id(), d.event(), d.alertId(), d.ruleName(), d.kind(), d.subject(), d.subjectLabel(),
                d.value(), d.eventMessage(), d.firedAt(), d.eventAt());
    }

    /** One line for titles and subjects: "[FIRING] rule: subject". */
    String title() {
        String state = switch (event) {
            case FIRED -> "FIRING";
            case REMINDED -> "STILL FIRING";
            case RESOLVED -> "RESOLVED";
            default -> event.name();
        };
        return "[" + state + "] " + ruleName + ": " + subjectLabel;
    }
}
