package io.modelfleet.persistence;

import java.time.Instant;

/** An artifact-store key that may have lost its last reference; claimed while one server deletes it. */
public record BlobCandidate(String key, Instant queuedAt, String claimedBy, Instant claimedAt) {
}
