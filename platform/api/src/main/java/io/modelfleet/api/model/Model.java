package io.modelfleet.api.model;

import java.time.Instant;

/** A named model: the group its versions belong to. */
public record Model(String name, int versions, String latestVersion, long latestVersionId, Instant updatedAt) {
}
