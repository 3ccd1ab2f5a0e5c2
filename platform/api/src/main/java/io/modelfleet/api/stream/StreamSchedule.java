package io.modelfleet.api.stream;

import io.modelfleet.api.Validation;

/**
 * Retrain on a schedule: a five-field cron expression (minute hour day-of-month month day-of-week; lists, ranges,
 * steps and names like MON or JAN) read in an IANA time zone. Scheduled runs train on the dataset's latest published
 * version.
 */
public record StreamSchedule(String cron, String timeZone) {
    public StreamSchedule {
        Validation.required("schedule.cron", cron, 128);
        timeZone = timeZone == null || timeZone.isBlank() ? "UTC" : Validation.required("schedule.timeZone", timeZone, 64);
    }
}
