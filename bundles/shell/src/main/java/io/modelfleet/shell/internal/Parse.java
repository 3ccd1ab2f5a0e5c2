package io.modelfleet.shell.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.rollout.WaveSize;

/**
 * Option values arrive as strings and are parsed here, so a bad value fails as an {@link InvalidInputException} that
 * names the option; the commands print that as a one-line error instead of Karaf's conversion stack trace.
 */
final class Parse {
    // nine digits keep even days within a long; the token service checks the real range
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhd])");
    // at most nine digits, so parsing cannot overflow; WaveSize checks the real range
    private static final Pattern WAVE = Pattern.compile("(\\d{1,9})|(\\d{1,9}(?:\\.\\d{1,9})?)%");
    private static final Pattern ID = Pattern.compile("\\d{1,18}");

    private Parse() {
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

    /**
     * Wave sizes in the order given: {@code N} edges or {@code P%} of them. The form is checked here, the range by
     * {@link WaveSize}, whose message then surfaces.
     */
    static List<WaveSize> waves(List<String> texts) {
        List<WaveSize> sizes = new ArrayList<>();
        for (String text : texts == null ? List.<String>of() : texts) {
            Matcher matcher = WAVE.matcher(text.trim());
            if (!matcher.matches()) {
                throw new InvalidInputException("wave must be a number of edges, such as 1, or a percentage of them, "
                        + "such as 50%; was '" + clip(text) + "'");
            }
            sizes.add(matcher.group(1) != null ? WaveSize.ofEdges(Integer.parseInt(matcher.group(1)))
                    : WaveSize.ofPercent(Double.parseDouble(matcher.group(2))));
        }
        return sizes;
    }

    /** A whole-number option value; null stays null. */
    static Integer integer(String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(option + " must be a whole number; was '" + clip(text) + "'");
        }
    }

    /** {@code true} or {@code false}, in any case; null stays null. */
    static Boolean bool(String option, String text) {
        if (text == null) {
            return null;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new InvalidInputException(option + " must be true or false; was '" + clip(text) + "'");
        };
    }

    /** A decimal option value such as 0.05; null stays null. */
    static Double decimal(String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            double value = Double.parseDouble(text.trim());
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new InvalidInputException(option + " must be a number such as 0.05; was '" + clip(text) + "'");
    }

    /** An ISO-8601 instant such as {@code 2026-12-06T18:00:00Z}; null stays null. */
    static Instant instant(String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(option + " must be an ISO-8601 instant such as 2026-12-06T18:00:00Z; was '"
                    + clip(text) + "'");
        }
    }

    /** A calendar day such as {@code 2026-12-05}; null stays null. */
    static LocalDate day(String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(option + " must be a day as YYYY-MM-DD, such as 2026-12-05; was '"
                    + clip(text) + "'");
        }
    }

    /** An IANA time zone such as {@code Europe/Berlin} (or UTC), as typed; null stays null. */
    static String zone(String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return ZoneId.of(text.trim()).getId();
        } catch (DateTimeException e) {
            throw new InvalidInputException(option + " must be a time zone such as Europe/Berlin or UTC; was '"
                    + clip(text) + "'");
        }
    }

    /** A numeric id such as a rollout's; {@code what} names it in the message. */
    static long id(String what, String text) {
        if (text == null || !ID.matcher(text.trim()).matches()) {
            throw new InvalidInputException(what + " must be a number; was '" + clip(String.valueOf(text)) + "'");
        }
        return Long.parseLong(text.trim());
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

    /**
     * Builds an API value from options; when the API refuses one field, the message names the option instead (it
     * names the API's field, or with some checks nothing at all: "must be at least 16 characters").
     */
    static <T> T naming(Map<String, String> options, Supplier<T> build) {
        try {
            return build.get();
        } catch (InvalidInputException e) {
            if (e.fields().size() != 1) {
                throw e;
            }
            Map.Entry<String, String> field = e.fields().entrySet().iterator().next();
            String option = options.get(field.getKey());
            if (option == null) {
                throw e;
            }
            String problem = field.getValue();
            // "must be ..." reads on after the option's name; other messages are phrases of their own
            boolean predicate = problem.startsWith("must ") || problem.startsWith("may ") || problem.startsWith("is ");
            throw new InvalidInputException(option + (predicate ? " " : ": ") + problem, Map.of(option, problem));
        }
    }

    private static String clip(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
