package io.modelfleet.api.alert;

import java.time.Instant;
import java.util.List;

/** A stored rule; see {@link NewAlertRule} for what each field means. */
public record AlertRule(long id, String name, AlertKind kind, Long edgeId, String tagKey, String tagValue,
        String modelVersion, double threshold, double scoreBelow, int windowMinutes, long minResults,
        int renotifyMinutes, boolean enabled, List<Long> channelIds, Instant createdAt, String createdBy,
        Instant updatedAt, String updatedBy) {
    public AlertRule {
        channelIds = List.copyOf(channelIds);
    }

    /** The rule as it would be submitted again. */
    public NewAlertRule definition() {
        return new NewAlertRule(name, kind, edgeId, tagKey, tagValue, modelVersion, threshold, scoreBelow,
                windowMinutes, minResults, renotifyMinutes, enabled, channelIds);
    }
}
