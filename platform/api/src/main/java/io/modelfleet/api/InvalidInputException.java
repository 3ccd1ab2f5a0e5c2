package io.modelfleet.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** The caller sent input that breaks a rule or a limit (HTTP 400). */
public class InvalidInputException extends ModelFleetException {
    private static final long serialVersionUID = 1L;
    private final Map<String, String> fields;

    public InvalidInputException(String detail) {
        this(detail, Map.of());
    }

    /**
     * @param fields what is wrong with each field, by its path (e.g. {@code parameters.learningRate}), in the order
     *        the caller should read them
     */
    public InvalidInputException(String detail, Map<String, String> fields) {
        super("invalid_input", detail);
        this.fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Field-level messages, empty when the error is not about particular fields. */
    public Map<String, String> fields() {
        return fields;
    }

    @Override
    public int httpStatus() {
        return 400;
    }
}
