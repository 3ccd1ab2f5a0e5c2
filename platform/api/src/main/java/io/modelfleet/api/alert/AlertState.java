package io.modelfleet.api.alert;

/** An alert's life: FIRING until the condition clears (RESOLVED); people may acknowledge or silence it meanwhile. */
public enum AlertState {
    /** The condition holds; channels are told, and reminded every {@code renotifyMinutes}. */
    FIRING,
    /** Someone is on it: no more reminders; RESOLVED is still sent. */
    ACKNOWLEDGED,
    /** Nothing is sent until {@code silencedUntil} (then FIRING again if the condition still holds), not even RESOLVED. */
    SILENCED,
    /** The condition cleared. */
    RESOLVED
}
