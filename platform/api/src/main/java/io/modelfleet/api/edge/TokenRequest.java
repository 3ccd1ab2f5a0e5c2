package io.modelfleet.api.edge;

import static io.modelfleet.api.Validation.optional;
import static io.modelfleet.api.Validation.range;

/** Parameters for a new enrollment token. Null fields take the defaults: one use, 24 hours. */
public record TokenRequest(String description, Integer maxUses, Long ttlSeconds) {
    public static final int MAX_USES = 10_000;
    public static final long DEFAULT_TTL_SECONDS = 24 * 3600;
    /** Tokens are bearer secrets: they must not live long. */
    public static final long MAX_TTL_SECONDS = 30L * 24 * 3600;

    public TokenRequest {
        optional("description", description, 256);
        maxUses = maxUses == null ? 1 : (int) range("maxUses", maxUses, 1, MAX_USES);
        ttlSeconds = ttlSeconds == null ? DEFAULT_TTL_SECONDS : range("ttlSeconds", ttlSeconds, 60, MAX_TTL_SECONDS);
    }
}
