package io.modelfleet.api;

/** The caller is authenticated but lacks the role or ownership the operation needs (HTTP 403). */
public class AccessDeniedException extends ModelFleetException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String detail) {
        super("forbidden", detail);
    }

    @Override
    public int httpStatus() {
        return 403;
    }
}
