package io.modelfleet.api;

import java.util.regex.Pattern;

/** Shared input checks; every failure is an {@link InvalidInputException} that names the field and the limit. */
public final class Validation {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private Validation() {
    }

    public static String required(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw invalid(field, field + " is required");
        }
        return optional(field, value, maxLength);
    }

    public static String optional(String field, String value, int maxLength) {
        if (value != null && value.length() > maxLength) {
            throw invalid(field, field + " is " + value.length() + " characters long; the limit is " + maxLength);
        }
        return value;
    }

    /** Names used in URLs and shell commands: letters, digits, dot, dash, underscore. */
    public static String name(String field, String value, int maxLength) {
        required(field, value, maxLength);
        if (!NAME.matcher(value).matches()) {
            throw invalid(field, field + " may contain only letters, digits, '.', '-' and '_' and must start with a letter or digit");
        }
        return value;
    }

    public static long range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw invalid(field, field + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    public static double finite(String field, double value, double min, double max) {
        if (Double.isNaN(value) || value < min || value > max) {
            throw invalid(field, field + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /** An error about one field: the field's message is the detail without the field's name in front. */
    public static InvalidInputException invalid(String field, String detail) {
        String message = detail.startsWith(field + " ") ? detail.substring(field.length() + 1) : detail;
        return new InvalidInputException(detail, java.util.Map.of(field, message));
    }
}
