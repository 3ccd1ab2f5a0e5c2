package io.modelfleet.api;

/**
 * Base of every error a ModelFleet service reports to a caller. Each subtype maps to one HTTP status and one stable
 * {@link #error()} code, so REST, shell and edge gateway describe failures the same way.
 */
public abstract class ModelFleetException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String error;

    protected ModelFleetException(String error, String detail) {
        super(detail);
        this.error = error;
    }

    /** Short, stable, machine-readable code such as {@code invalid_input}. */
    public String error() {
        return error;
    }

    /** Human-readable explanation. */
    public String detail() {
        return getMessage();
    }

    /** The HTTP status that matches this error. */
    public abstract int httpStatus();
}
