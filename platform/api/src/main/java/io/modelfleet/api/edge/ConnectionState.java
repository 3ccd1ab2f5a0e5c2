package io.modelfleet.api.edge;

/** Derived from the age of the last heartbeat. */
public enum ConnectionState {
    ONLINE, OFFLINE
}
