package io.modelfleet.api;

/** The caller presented no credential, or one that is wrong or expired (HTTP 401). */
public class UnauthenticatedException extends ModelFleetException {
    private static final long serialVersionUID = 1L;

    public UnauthenticatedException(String detail) {
        super("unauthenticated", detail);
    }

    @Override
    public int httpStatus() {
        return 401;
    }
}
