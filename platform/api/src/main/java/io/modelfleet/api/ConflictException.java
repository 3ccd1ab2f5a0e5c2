package io.modelfleet.api;

/** The change conflicts with the current state, for example a duplicate name (HTTP 409). */
public class ConflictException extends ModelFleetException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String detail) {
        super("conflict", detail);
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
