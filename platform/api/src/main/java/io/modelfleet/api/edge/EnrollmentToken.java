package io.modelfleet.api.edge;

import java.time.Instant;

/** An enrollment token as listed; its secret is shown only once, in {@link IssuedToken}. */
public record EnrollmentToken(long id, String description, int maxUses, int uses, Instant expiresAt,
        boolean revoked, String createdBy, Instant createdAt) {

    public enum Status {
        ACTIVE, EXHAUSTED, EXPIRED, REVOKED
    }

    public Status status(Instant now) {
        if (revoked) {
            return Status.REVOKED;
        }
        if (!expiresAt.isAfter(now)) {
            return Status.EXPIRED;
        }
        return uses >= maxUses ? Status.EXHAUSTED : Status.ACTIVE;
    }
}
