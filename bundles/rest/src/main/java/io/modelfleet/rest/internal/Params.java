package io.modelfleet.rest.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import javax.ws.rs.core.SecurityContext;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.security.Caller;

/**
 * Query parameters arrive as strings and are parsed here, so a bad value is a 400 that names the parameter (JAX-RS
 * would answer a failed conversion of a query parameter with a bare 404).
 */
final class Params {
    private Params() {
    }

    static Long optLong(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name + " must be a whole number, was '" + clip(value) + "'");
        }
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
        double parsed;
        try {
            parsed = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name + " must be a number, was '" + clip(value) + "'");
        }
        // NaN, Infinity and 1e400 parse, but mean nothing to a filter and would reach SQL as bare words
        if (!Double.isFinite(parsed)) {
            throw new InvalidInputException(name + " must be a finite number, was '" + clip(value) + "'");
        }
        return parsed;
    }

    static Instant optInstant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
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
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new NotFoundException(what + " '" + clip(id) + "' does not exist");
        }
    }

    static String clip(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "..." : value;
    }
}
