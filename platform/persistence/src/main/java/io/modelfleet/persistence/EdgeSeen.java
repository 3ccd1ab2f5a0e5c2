package io.modelfleet.persistence;

import java.time.Instant;

/** An approved edge and when it was last heard from (its enrollment when never). */
public record EdgeSeen(long id, String name, Instant lastSeenAt) {
}
