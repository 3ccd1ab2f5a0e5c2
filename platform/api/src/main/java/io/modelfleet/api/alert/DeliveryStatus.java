package io.modelfleet.api.alert;

/** PENDING until a channel accepted it (DELIVERED) or every attempt failed (FAILED). */
public enum DeliveryStatus {
    PENDING, DELIVERED, FAILED
}
