package io.modelfleet.api;

/** The caller must slow down; {@link #retryAfterSeconds()} says when to try again (HTTP 429). */
public class TooManyRequestsException extends ModelFleetException {
    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    public TooManyRequestsException(String detail, long retryAfterSeconds) {
        super("too_many_requests", detail);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public int httpStatus() {
        return 429;
    }
}
