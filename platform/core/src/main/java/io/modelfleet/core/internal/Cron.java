package io.modelfleet.core.internal;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.modelfleet.api.InvalidInputException;

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week) in a time zone. Fields take {@code *},
 * numbers, ranges {@code a-b}, steps {@code * /n} or {@code a-b/n}, lists, and names (JAN-DEC, SUN-SAT; 7 is Sunday
 * too). As in Vixie cron, when both day fields are restricted a day matching either one matches. Local times that a
 * daylight-saving change skips are not run; ones it repeats run once.
 */
final class Cron {
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** Far enough for "29 February on a Monday". */
    private static final int MAX_YEARS = 30;

    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;
    private final ZoneId zone;

    private Cron(BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months, BitSet daysOfWeek,
            boolean anyDayOfMonth, boolean anyDayOfWeek, ZoneId zone) {
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        this.anyDayOfMonth = anyDayOfMonth;
        this.anyDayOfWeek = anyDayOfWeek;
        this.zone = zone;
    }

    /** @throws InvalidInputException naming the field ({@code schedule.cron} or {@code schedule.timeZone}) */
    static Cron parse(String expression, String timeZone) {
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new InvalidInputException("unknown time zone '" + timeZone + "'",
                    Map.of("schedule.timeZone", "unknown time zone '" + timeZone + "'; use an IANA name such as Europe/Berlin"));
        }
        String[] fields = expression.strip().split("\\s+");
        if (fields.length != 5) {
            throw invalid("needs 5 fields (minute hour day-of-month month day-of-week), has " + fields.length);
        }
        BitSet daysOfWeek = field(fields[4], 0, 7, DAYS, "day-of-week");
        if (daysOfWeek.get(7)) {
            daysOfWeek.set(0);
            daysOfWeek.clear(7);
        }
        return new Cron(field(fields[0], 0, 59, null, "minute"), field(fields[1], 0, 23, null, "hour"),
                field(fields[2], 1, 31, null, "day-of-month"), field(fields[3], 1, 12, MONTHS, "month"), daysOfWeek,
                fields[2].startsWith("*"), fields[4].startsWith("*"), zone);
    }

    private static InvalidInputException invalid(String why) {
        return new InvalidInputException("schedule.cron " + why, Map.of("schedule.cron", why));
    }

    private static BitSet field(String text, int min, int max, List<String> names, String what) {
        BitSet bits = new BitSet(max + 1);
        for (String part : text.split(",", -1)) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(part.substring(slash + 1), 1, max, null, what);
                range = part.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.indexOf('-') > 0) {
                from = number(range.substring(0, range.indexOf('-')), min, max, names, what);
                to = number(range.substring(range.indexOf('-') + 1), min, max, names, what);
                if (to < from) {
                    throw invalid(what + " range '" + range + "' runs backwards");
                }
            } else {
                from = number(range, min, max, names, what);
                to = slash >= 0 ? max : from;
            }
            for (int value = from; value <= to; value += step) {
                bits.set(value);
            }
        }
        return bits;
    }

    private static int number(String text, int min, int max, List<String> names, String what) {
        if (names != null) {
            int index = names.indexOf(text.toUpperCase(Locale.ROOT));
            if (index >= 0) {
                return index + (what.equals("month") ? 1 : 0);
            }
        }
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw invalid(what + " " + value + " is outside " + min + "-" + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid(what + " '" + text + "' is not a number" + (names == null ? "" : " or a name"));
        }
    }

    ZoneId zone() {
        return zone;
    }

    /** The first matching minute strictly after {@code after}, or null if none comes within 30 years. */
    ZonedDateTime next(ZonedDateTime after) {
        // walk the local calendar, which only moves forward (a zone's offsets move instants back and forth)
        LocalDateTime t = after.withZoneSameInstant(zone).toLocalDateTime().truncatedTo(ChronoUnit.MINUTES)
                .plusMinutes(1);
        int lastYear = t.getYear() + MAX_YEARS;
        while (t.getYear() <= lastYear) {
            if (!months.get(t.getMonthValue())) {
                t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
                continue;
            }
            if (!dayMatches(t)) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
                continue;
            }
            if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                continue;
            }
            if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
                continue;
            }
            // a local time a daylight-saving change skips does not exist; one it repeats runs at its first instant
            ZonedDateTime run = ZonedDateTime.ofLocal(t, zone, null);
            if (run.toLocalDateTime().equals(t) && run.isAfter(after)) {
                return run;
            }
            t = t.plusMinutes(1);
        }
        return null;
    }

    private boolean dayMatches(LocalDateTime t) {
        boolean dom = daysOfMonth.get(t.getDayOfMonth());
        boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
        if (anyDayOfMonth || anyDayOfWeek) {
            return dom && dow;
        }
        return dom || dow;
    }
}
