package io.modelfleet.api.image;

import io.modelfleet.api.InvalidInputException;

/** An image that cannot be used: not a supported format, damaged, empty, or past a limit; the message says which. */
public final class ImageRejectedException extends InvalidInputException {
    private static final long serialVersionUID = 1L;
    private final boolean unsupportedType;

    public ImageRejectedException(String detail) {
        this(detail, false);
    }

    private ImageRejectedException(String detail, boolean unsupportedType) {
        super(detail);
        this.unsupportedType = unsupportedType;
    }

    /** A file that is no image of a supported format (HTTP 415 rather than 400). */
    public static ImageRejectedException unsupported(String detail) {
        return new ImageRejectedException(detail, true);
    }

    public boolean unsupportedType() {
        return unsupportedType;
    }

    @Override
    public int httpStatus() {
        return unsupportedType ? 415 : 400;
    }
}
