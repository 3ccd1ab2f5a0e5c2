package io.modelfleet.agent.internal;

import java.io.IOException;

/** The server answered with a 4xx: the request itself or our standing is the problem, not the network. */
final class ServerRejectedException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    ServerRejectedException(int status, String message) {
        super("server answered " + status + ": " + message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
