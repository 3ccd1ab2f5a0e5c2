package io.modelfleet.shell.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.modelfleet.api.InvalidInputException;

/**
 * Option values arrive as strings and are parsed here, so a bad value fails as an {@link InvalidInputException} that
 * names the option; the commands print that as a one-line error instead of Karaf's conversion stack trace.
 */
final class Parse {
    // nine digits keep even days within a long; the token service checks the real range
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhd])");

    private Parse() {
    }

    /** A tag filter as the REST API takes it: {@code key} (any value) or {@code key:value}. */
    record Tag(String key, String value) {
    }

    /** Durations like {@code 3600s}, {@code 90m}, {@code 24h} or {@code 7d}, in seconds; null stays null. */
    static Long ttlSeconds(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new InvalidInputException("ttl must be a whole number followed by s, m, h or d, such as 3600s, 90m, "
                    + "24h or 7d; was '" + clip(text) + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> amount;
            case "m" -> amount * 60;
            case "h" -> amount * 3600;
            default -> amount * 86_400;
        };
    }

    /** Splits at the first colon, so values may contain colons; null stays null. */
    static Tag tag(String text) {
        if (text == null) {
            return null;
        }
        int colon = text.indexOf(':');
        String key = colon < 0 ? text : text.substring(0, colon);
        if (key.isBlank()) {
            throw new InvalidInputException("tag must look like key or key:value, such as site:berlin; was '"
                    + clip(text) + "'");
        }
        return new Tag(key, colon < 0 ? null : text.substring(colon + 1));
    }

    /** Repeated key=value options, in order; keys and values are checked where they are used. */
    static java.util.Map<String, String> keyValues(java.util.List<String> pairs) {
        java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
        if (pairs != null) {
            for (String pair : pairs) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    throw new InvalidInputException("expected key=value, was '" + clip(pair) + "'");
                }
                map.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        return map;
    }

    /** Case-insensitive enum constant; null stays null. */
    static <E extends Enum<E>> E enumValue(String option, String text, Class<E> type) {
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
            throw new InvalidInputException(option + " must be one of " + allowed + "; was '" + clip(text) + "'");
        }
    }

    private static String clip(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
