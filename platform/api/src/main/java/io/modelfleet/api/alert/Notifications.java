package io.modelfleet.api.alert;

import java.util.List;

/** A user's notification center: the newest events and how many of them the user has not seen. */
public record Notifications(List<AlertEvent> events, long unread, long lastReadId) {
    public Notifications {
        events = List.copyOf(events);
    }
}
