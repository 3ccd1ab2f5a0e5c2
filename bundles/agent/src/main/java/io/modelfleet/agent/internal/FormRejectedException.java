package io.modelfleet.agent.internal;

/** A multipart/form-data body the local endpoint refuses: the HTTP status, its short error and the reason. */
final class FormRejectedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String error;

    private FormRejectedException(int status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
    }

    /** Not a well-formed form, or not the form the endpoint takes (400). */
    static FormRejectedException malformed(String detail) {
        return new FormRejectedException(400, "invalid multipart body", detail);
    }

    /** The form or one of its parts is past a limit (413). */
    static FormRejectedException tooLarge(String detail) {
        return new FormRejectedException(413, "payload too large", detail);
    }

    /** A part's declared type is one the endpoint does not take (415). */
    static FormRejectedException unsupported(String detail) {
        return new FormRejectedException(415, "unsupported media type", detail);
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }

    String detail() {
        return getMessage();
    }
}
