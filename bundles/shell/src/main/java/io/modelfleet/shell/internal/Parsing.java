package io.modelfleet.shell.internal;

import io.modelfleet.api.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Pure parsing of shell input; every bad format is an {@link InvalidInputException} that says what was expected. */
final class Parsing {
    private static final Pattern TTL = Pattern.compile("(\\d{1,12})([hms])");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");

    /** A tag filter as typed on the command line. */
    record Tag(String key, String value) {
    }

    private Parsing() {
    }

    /** Parses {@code 24h}, {@code 90m} or {@code 3600s} into seconds; range checks are left to the service. */
    static long ttlSeconds(String text) {
        Matcher m = TTL.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidInputException(
                    "ttl must be a number followed by h, m or s (e.g. 24h, 90m, 3600s), was '" + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        long unit = switch (m.group(2)) {
            case "h" -> 3600;
            case "m" -> 60;
            default -> 1;
        };
        // 12 digits times 3600 stays far below Long.MAX_VALUE, so no overflow check is needed
        return amount * unit;
    }

    /** Parses {@code key:value}; the split is at the first colon so values may contain colons. */
    static Tag tag(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new InvalidInputException("tag must have the form key:value, was '" + text + "'");
        }
        return new Tag(text.substring(0, colon), text.substring(colon + 1));
    }

    /**
     * An edge reference made only of digits is taken as an id; anything else is a name. Names may be numeric too,
     * so callers fall back to a name lookup when no edge has that id.
     */
    static OptionalLong edgeId(String ref) {
        if (ref == null || ref.isBlank()) {
            throw new InvalidInputException("edge id or name is required");
        }
        return DIGITS.matcher(ref).matches() ? OptionalLong.of(Long.parseLong(ref)) : OptionalLong.empty();
    }

    /** Case-insensitive enum lookup whose error lists the accepted values, unlike {@link Enum#valueOf}. */
    static <E extends Enum<E>> E enumValue(Class<E> type, String field, String text) {
        for (E value : type.getEnumConstants()) {
            if (value.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return value;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
        throw new InvalidInputException(field + " must be one of " + allowed + ", was '" + text + "'");
    }
}
