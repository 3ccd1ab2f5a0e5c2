package io.modelfleet.persistence;

import java.time.Instant;

import io.modelfleet.api.edge.DeviceInfo;

/** A freshly enrolled edge. */
public record NewEdgeRecord(String name, String credentialHash, DeviceInfo device, long enrollmentTokenId,
        Instant now) {
}
