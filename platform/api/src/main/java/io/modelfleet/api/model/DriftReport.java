package io.modelfleet.api.model;

import java.time.Instant;
import java.util.List;

/**
 * A model version's live data (inference samples from [{@code from}, {@code to}), optionally of the edges with one
 * tag) compared with its training dataset version. {@code drifted} when any measure drifted; too few samples
 * ({@code liveCount} below {@code minLive}) compare nothing.
 */
public record DriftReport(long modelVersionId, String model, Long datasetVersionId, Instant from, Instant to,
        String tagKey, String tagValue, long referenceCount, long liveCount, int minLive, boolean drifted,
        double maxPsi, List<DriftMeasure> measures) {
    public DriftReport {
        measures = List.copyOf(measures);
    }
}
