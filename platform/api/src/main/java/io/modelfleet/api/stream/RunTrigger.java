package io.modelfleet.api.stream;

public enum RunTrigger {
    MANUAL, SCHEDULE
}
