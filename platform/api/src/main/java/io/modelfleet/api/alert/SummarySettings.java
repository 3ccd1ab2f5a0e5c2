package io.modelfleet.api.alert;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.modelfleet.api.Validation;

/**
 * The daily summary: when {@code enabled}, each day at {@code timeOfDay} ("HH:mm") in {@code timeZone} (IANA) the
 * summary of the day before in that zone is made, kept, and sent to {@code channelIds}; results scoring below
 * {@code lowConfidenceBelow} (on the rollups' 0.05 grid) count as low-confidence. Left out: off, 08:00, UTC, no
 * channel, 0.5.
 */
public record SummarySettings(Boolean enabled, String timeOfDay, String timeZone, List<Long> channelIds,
        Double lowConfidenceBelow) {
    public static final int MAX_CHANNELS = 20;

    public SummarySettings {
        enabled = enabled != null && enabled;
        timeOfDay = timeOfDay == null || timeOfDay.isBlank() ? "08:00" : timeOfDay.trim();
        try {
            LocalTime time = LocalTime.parse(timeOfDay);
            if (time.getSecond() != 0 || time.getNano() != 0 || timeOfDay.length() != 5) {
                throw Validation.invalid("timeOfDay", "hours and minutes as HH:mm, such as 08:00");
            }
        } catch (DateTimeParseException e) {
            throw Validation.invalid("timeOfDay", "hours and minutes as HH:mm, such as 08:00, not " + timeOfDay);
        }
        timeZone = timeZone == null || timeZone.isBlank() ? "UTC" : Validation.required("timeZone", timeZone, 64);
        try {
            ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw Validation.invalid("timeZone", "an IANA time zone such as Europe/Berlin, not " + timeZone);
        }
        if (channelIds != null && channelIds.stream().anyMatch(java.util.Objects::isNull)) {
            throw Validation.invalid("channelIds", "must list channel ids, not null");
        }
        channelIds = channelIds == null ? List.of() : List.copyOf(channelIds.stream().distinct().toList());
        if (channelIds.size() > MAX_CHANNELS) {
            throw Validation.invalid("channelIds", "lists " + channelIds.size() + " channels; the limit is " + MAX_CHANNELS);
        }
        lowConfidenceBelow = lowConfidenceBelow == null ? 0.5 : lowConfidenceBelow;
        Validation.finite("lowConfidenceBelow", lowConfidenceBelow, 0.05, 0.95);
        if (Math.abs(lowConfidenceBelow * 20 - Math.rint(lowConfidenceBelow * 20)) > 1e-9) {
            throw Validation.invalid("lowConfidenceBelow", "must be a multiple of 0.05 (the rollups' score bins)");
        }
    }

    public static final SummarySettings DEFAULT = new SummarySettings(false, null, null, null, null);
}
