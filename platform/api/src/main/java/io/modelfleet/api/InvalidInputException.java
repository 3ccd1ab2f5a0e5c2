package io.modelfleet.api;

/** The caller sent input that breaks a rule or a limit (HTTP 400). */
public class InvalidInputException extends ModelFleetException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String detail) {
        super("invalid_input", detail);
    }

    @Override
    public int httpStatus() {
        return 400;
    }
}
