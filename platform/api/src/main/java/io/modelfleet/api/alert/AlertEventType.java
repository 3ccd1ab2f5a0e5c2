package io.modelfleet.api.alert;

/** What happened to an alert. FIRED, REMINDED and RESOLVED are sent to the rule's channels; the rest are only shown. */
public enum AlertEventType {
    FIRED, REMINDED, RESOLVED, ACKNOWLEDGED, SILENCED;

    /** Whether the rule's channels are told. */
    public boolean notifies() {
        return this == FIRED || this == REMINDED || this == RESOLVED;
    }
}
