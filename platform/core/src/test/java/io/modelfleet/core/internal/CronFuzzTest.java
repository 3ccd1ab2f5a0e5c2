package io.modelfleet.core.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.stream.StreamSchedule;

/**
 * A stream's schedule as a user enters it: it is refused with {@link InvalidInputException} naming
 * {@code schedule.cron} or {@code schedule.timeZone}, or it parses and {@link Cron#next} answers the first minute
 * after the given instant that matches, as a plain minute-by-minute walk over real instants sees it: local times a
 * daylight-saving change skips never match, and a repeated local time matches only the first time it occurs.
 * Instants are drawn from 1970-2100 and often close to a zone's offset changes.
 */
class CronFuzzTest {
    private static final List<String> ZONES = List.of("UTC", "Europe/Berlin", "America/New_York",
            "Australia/Lord_Howe", "America/Sao_Paulo", "America/Havana", "Asia/Tehran", "Pacific/Apia",
            "America/St_Johns", "Africa/Casablanca", "Europe/Dublin", "Pacific/Chatham", "Antarctica/Troll",
            "America/Santiago", "Asia/Gaza", "Africa/Monrovia", "+05:30", "Z", "GMT+14", "");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
            "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final int[][] BOUNDS = { { 0, 59 }, { 0, 23 }, { 1, 31 }, { 1, 12 }, { 0, 7 } };
    private static final long YEAR_2100 = 4_102_444_800L;
    /** How far the walk looks for a match the cron skipped. */
    private static final long WINDOW_SECONDS = 36 * 3600;

    @FuzzTest(maxExecutions = 25_000, maxDuration = "4s")
    void nextIsTheFirstMatchingMinute(FuzzedDataProvider data) {
        String zoneText = data.consumeBoolean() ? data.pickValue(ZONES) : data.consumeString(24);
        String expression = data.consumeBoolean() ? expression(data) : data.consumeString(40);
        long afterSecond = data.consumeLong(0, YEAR_2100);
        boolean nearTransition = data.consumeBoolean();
        int offsetFromTransition = data.consumeInt(-(int) WINDOW_SECONDS, (int) WINDOW_SECONDS);
        Cron cron;
        try {
            StreamSchedule schedule = new StreamSchedule(expression, zoneText);
            cron = Cron.parse(schedule.cron(), schedule.timeZone());
        } catch (InvalidInputException e) {
            assertFalse(e.fields().isEmpty(), e.detail());
            assertTrue(e.fields().keySet().stream().allMatch(f -> f.equals("schedule.cron") || f.equals("schedule.timeZone")),
                    e.fields().toString());
            return;
        }
        ZoneId zone = cron.zone();
        Instant after = Instant.ofEpochSecond(afterSecond, afterSecond % 1000 * 1_000_000);
        if (nearTransition) {
            ZoneOffsetTransition transition = zone.getRules().nextTransition(after);
            if (transition != null && transition.getInstant().getEpochSecond() < YEAR_2100) {
                after = transition.getInstant().plusSeconds(offsetFromTransition);
            }
        }
        ZonedDateTime next = cron.next(ZonedDateTime.ofInstant(after, ZoneOffset.UTC));

        Reference reference = new Reference(expression, zone);
        Instant limit = after.plusSeconds(WINDOW_SECONDS);
        if (next != null) {
            assertTrue(next.toInstant().isAfter(after), next + " is after " + after);
            assertTrue(reference.counts(next.toInstant()), "'" + expression + "' in " + zone + " does not run at " + next);
            if (next.toInstant().isBefore(limit)) {
                limit = next.toInstant();
            }
        }
        for (Instant minute = reference.nextMinute(after); minute.isBefore(limit); minute = reference.nextMinute(minute)) {
            if (reference.counts(minute)) {
                fail("'" + expression + "' in " + zone + " after " + after + ": next is " + next + ", but "
                        + minute.atZone(zone) + " matches");
            }
        }
    }

    /** Five fields of stars, numbers, names, ranges, steps and lists, now and then out of bounds. */
    private static String expression(FuzzedDataProvider data) {
        StringBuilder text = new StringBuilder();
        for (int field = 0; field < 5; field++) {
            text.append(field == 0 ? "" : data.pickValue(List.of(" ", " ", " ", "\t", "  ")));
            int parts = data.consumeInt(1, 3);
            for (int p = 0; p < parts; p++) {
                text.append(p == 0 ? "" : ",").append(part(data, field));
            }
        }
        return text.toString();
    }

    private static String part(FuzzedDataProvider data, int field) {
        int min = BOUNDS[field][0];
        int max = BOUNDS[field][1];
        return switch (data.consumeInt(0, 6)) {
            case 0 -> "*";
            case 1 -> "*/" + data.consumeInt(0, max + 1);
            case 2 -> value(data, field, min, max) + "-" + value(data, field, min, max);
            case 3 -> value(data, field, min, max) + "-" + value(data, field, min, max) + "/" + data.consumeInt(1, max);
            case 4 -> value(data, field, min, max) + "/" + data.consumeInt(1, max);
            default -> value(data, field, min, max);
        };
    }

    private static String value(FuzzedDataProvider data, int field, int min, int max) {
        if (field == 3 && data.consumeBoolean()) {
            String name = data.pickValue(MONTHS);
            return data.consumeBoolean() ? name.toLowerCase(Locale.ROOT) : name;
        }
        if (field == 4 && data.consumeBoolean()) {
            return data.pickValue(DAYS);
        }
        return Integer.toString(data.consumeInt(min - 1, max + 1));
    }

    /** The schedule's meaning, computed the slow way: a set per field, checked at one instant at a time. */
    private static final class Reference {
        private final BitSet[] sets = new BitSet[5];
        private final boolean anyDayOfMonth;
        private final boolean anyDayOfWeek;
        private final ZoneId zone;

        Reference(String expression, ZoneId zone) {
            String[] fields = expression.strip().split("\\s+");
            for (int f = 0; f < 5; f++) {
                sets[f] = set(fields[f], BOUNDS[f][0], BOUNDS[f][1], f == 3 ? MONTHS : f == 4 ? DAYS : null, f == 3);
            }
            if (sets[4].get(7)) {
                sets[4].set(0);
            }
            anyDayOfMonth = fields[2].startsWith("*");
            anyDayOfWeek = fields[4].startsWith("*");
            this.zone = zone;
        }

        private static BitSet set(String field, int min, int max, List<String> names, boolean months) {
            BitSet set = new BitSet();
            for (String part : field.split(",")) {
                String[] rangeAndStep = part.split("/");
                int step = rangeAndStep.length > 1 ? Integer.parseInt(rangeAndStep[1]) : 1;
                String range = rangeAndStep[0];
                int from;
                int to;
                if (range.equals("*")) {
                    from = min;
                    to = max;
                } else if (range.indexOf('-', 1) > 0) {
                    from = number(range.substring(0, range.indexOf('-', 1)), names, months);
                    to = number(range.substring(range.indexOf('-', 1) + 1), names, months);
                } else {
                    from = number(range, names, months);
                    to = rangeAndStep.length > 1 ? max : from;
                }
                for (int v = from; v <= to; v += step) {
                    set.set(v);
                }
            }
            return set;
        }

        private static int number(String text, List<String> names, boolean months) {
            if (names != null && names.contains(text.toUpperCase(Locale.ROOT))) {
                return names.indexOf(text.toUpperCase(Locale.ROOT)) + (months ? 1 : 0);
            }
            return Integer.parseInt(text);
        }

        /** A run at this instant: a whole local minute that matches, and not the second pass of a repeated hour. */
        boolean counts(Instant instant) {
            ZonedDateTime local = instant.atZone(zone);
            if (local.getSecond() != 0 || local.getNano() != 0) {
                return false;
            }
            boolean dayOfMonth = sets[2].get(local.getDayOfMonth());
            boolean dayOfWeek = sets[4].get(local.getDayOfWeek().getValue() % 7);
            boolean day = anyDayOfMonth || anyDayOfWeek ? dayOfMonth && dayOfWeek : dayOfMonth || dayOfWeek;
            return sets[0].get(local.getMinute()) && sets[1].get(local.getHour()) && sets[3].get(local.getMonthValue())
                    && day && local.withEarlierOffsetAtOverlap().toInstant().equals(instant);
        }

        /** The first instant after {@code instant} that is a whole minute in the zone. */
        Instant nextMinute(Instant instant) {
            Instant candidate = instant.plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            for (int i = 0; i < 4; i++) {
                int second = candidate.atZone(zone).getSecond();
                if (second == 0) {
                    return candidate;
                }
                candidate = candidate.plusSeconds(60 - second);
            }
            assertNotNull(null, "no whole local minute after " + instant + " in " + zone);
            return candidate;
        }
    }
}
