package io.modelfleet.rest.internal;

import io.modelfleet.api.ModelFleetException;

/**
 * 503 with Retry-After: the server cannot take the request now but will soon (it is starting, its database is away,
 * or it is at capacity), so clients wait and retry instead of treating it as a failure.
 */
final class ServiceUnavailableException extends ModelFleetException {
    private static final long serialVersionUID = 1L;
    private final int retryAfterSeconds;

    private ServiceUnavailableException(String error, String detail, int retryAfterSeconds) {
        super(error, detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static ServiceUnavailableException starting() {
        return new ServiceUnavailableException("starting",
                "the server is starting or its database is not reachable; try again shortly", 5);
    }

    static ServiceUnavailableException busy(String detail) {
        return new ServiceUnavailableException("busy", detail, 1);
    }

    int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public int httpStatus() {
        return 503;
    }
}
