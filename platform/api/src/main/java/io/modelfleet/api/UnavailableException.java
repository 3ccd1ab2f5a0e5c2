package io.modelfleet.api;

/**
 * Something the call needs is not there right now (a plugin uninstalled, a system unreachable); the same call may
 * succeed later (HTTP 503 with Retry-After).
 */
public class UnavailableException extends ModelFleetException {
    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    public UnavailableException(String detail, long retryAfterSeconds) {
        super("unavailable", detail);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public int httpStatus() {
        return 503;
    }
}
