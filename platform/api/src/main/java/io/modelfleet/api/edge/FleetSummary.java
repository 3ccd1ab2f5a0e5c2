package io.modelfleet.api.edge;

import java.util.Map;

/** Counts for dashboards and metrics. */
public record FleetSummary(long total, Map<EdgeState, Long> byState, long online, long offline) {
    public FleetSummary {
        byState = Map.copyOf(byState);
    }
}
