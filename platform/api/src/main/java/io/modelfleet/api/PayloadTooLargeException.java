package io.modelfleet.api;

/** The request exceeds a size or count limit (HTTP 413). */
public class PayloadTooLargeException extends ModelFleetException {
    private static final long serialVersionUID = 1L;

    public PayloadTooLargeException(String detail) {
        super("payload_too_large", detail);
    }

    @Override
    public int httpStatus() {
        return 413;
    }
}
