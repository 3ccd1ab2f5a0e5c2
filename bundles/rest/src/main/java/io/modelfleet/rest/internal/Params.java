package io.modelfleet.rest.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.ws.rs.core.SecurityContext;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.rest.Ids;
import io.modelfleet.api.security.Caller;

/**
 * Query parameters arrive as strings and are parsed here, so a bad value is a 400 that names the parameter (JAX-RS
 * would answer a failed conversion of a query parameter with a bare 404).
 */
final class Params {
    /** ASCII digits only: Java's parsers also take other scripts' digits (full-width '１２'), hex floats and '1d'. */
    private static final Pattern WHOLE = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    /** What the database stores (DATETIME); a filter bound beyond it means "no bound", so it is pulled in. */
    static final Instant EARLIEST = Instant.parse("1000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private Params() {
    }

    static Long optLong(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        try {
            if (WHOLE.matcher(text).matches()) {
                return Long.parseLong(text);
            }
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name + " is out of range, was '" + clip(value) + "'");
        }
        throw new InvalidInputException(name + " must be a whole number, was '" + clip(value) + "'");
    }

    /** An optional id filter: ids are positive, so anything else can only be a mistake. */
    static Long optId(String name, String value) {
        Long parsed = optLong(name, value);
        if (parsed != null && parsed < 1) {
            throw new InvalidInputException(name + " must be a positive id, was '" + clip(value) + "'");
        }
        return parsed;
    }

    static Integer optInt(String name, String value) {
        Long parsed = optLong(name, value);
        if (parsed != null && (parsed > Integer.MAX_VALUE || parsed < Integer.MIN_VALUE)) {
            throw new InvalidInputException(name + " is out of range");
        }
        return parsed == null ? null : parsed.intValue();
    }

    static Double optDouble(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        if (!DECIMAL.matcher(text).matches()) {
            throw new InvalidInputException(name + " must be a finite decimal number such as 0.5, was '" + clip(value) + "'");
        }
        double parsed = Double.parseDouble(text);
        // NaN, Infinity and 1e400 parse, but mean nothing to a filter and would reach SQL as bare words
        if (!Double.isFinite(parsed)) {
            throw new InvalidInputException(name + " must be a finite number, was '" + clip(value) + "'");
        }
        return parsed;
    }

    /** A model score bound: scores are probabilities, so a bound outside [0, 1] is a mistake, not a filter. */
    static Double optScore(String name, String value) {
        Double parsed = optDouble(name, value);
        if (parsed != null && (parsed < 0 || parsed > 1)) {
            throw new InvalidInputException(name + " must be between 0 and 1, was '" + clip(value) + "'");
        }
        return parsed;
    }

    static Instant optInstant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Instant parsed = Instant.parse(value.trim());
            return parsed.isBefore(EARLIEST) ? EARLIEST : parsed.isAfter(LATEST) ? LATEST : parsed;
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(name + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z, was '"
                    + clip(value) + "'");
        }
    }

    static <E extends Enum<E>> E optEnum(String name, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(name + " must be one of " + java.util.Arrays.toString(type.getEnumConstants())
                    + ", was '" + clip(value) + "'");
        }
    }

    static boolean optBoolean(String name, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInputException(name + " must be true or false, was '" + clip(value) + "'");
        };
    }

    static Caller caller(SecurityContext security) {
        return (Caller) security.getUserPrincipal();
    }

    /** A numeric id from the path; anything else names nothing there is (404), as an unknown number does. */
    static long pathId(String what, String id) {
        return Ids.positive(id).orElseThrow(() -> new NotFoundException(what + " '" + clip(id) + "' does not exist"));
    }

    static String clip(String value) {
        return Ids.quoted(value);
    }
}
