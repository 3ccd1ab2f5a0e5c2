package io.modelfleet.rest.internal;

import io.modelfleet.api.ModelFleetException;

/** 503 while the services behind authentication (and so behind every protected endpoint) are not there yet. */
final class ServiceStartingException extends ModelFleetException {
    private static final long serialVersionUID = 1L;
    static final int RETRY_AFTER_SECONDS = 5;

    ServiceStartingException() {
        super("starting", "the server is starting or its database is not reachable; try again shortly");
    }

    @Override
    public int httpStatus() {
        return 503;
    }
}
