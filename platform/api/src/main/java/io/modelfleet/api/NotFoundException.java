package io.modelfleet.api;

/** The addressed resource does not exist, or the caller may not know it exists (HTTP 404). */
public class NotFoundException extends ModelFleetException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String detail) {
        super("not_found", detail);
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
