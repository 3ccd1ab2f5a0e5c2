package io.modelfleet.agent.internal;

import java.io.IOException;

/** The server could not be reached or asked us to come back later; {@code retryAfterMillis} is its hint, or 0. */
final class ServerUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long retryAfterMillis;

    ServerUnavailableException(String message, long retryAfterMillis, Throwable cause) {
        super(message, cause);
        this.retryAfterMillis = retryAfterMillis;
    }

    long retryAfterMillis() {
        return retryAfterMillis;
    }
}
