package io.modelfleet.update.center.internal;

/** A reason an install, update or removal cannot go on, said in words an operator can act on. */
final class UpdateCenterException extends Exception {
    private static final long serialVersionUID = 1L;

    UpdateCenterException(String message) {
        super(message);
    }

    UpdateCenterException(String message, Throwable cause) {
        super(message, cause);
    }
}
