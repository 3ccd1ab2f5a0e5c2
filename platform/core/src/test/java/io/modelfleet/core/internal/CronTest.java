package io.modelfleet.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.InvalidInputException;

class CronTest {

    private static ZonedDateTime next(String cron, String zone, String after) {
        return Cron.parse(cron, zone).next(ZonedDateTime.parse(after));
    }

    @Test
    void everyMinuteIsTheNextMinute() {
        assertEquals(ZonedDateTime.parse("2026-11-23T10:16Z[UTC]"), next("* * * * *", "UTC", "2026-11-23T10:15:30Z[UTC]"));
    }

    @Test
    void dailyAtThreeInTheStreamsTimeZone() {
        // 03:00 in Berlin (UTC+1 in November) is 02:00 UTC
        ZonedDateTime next = next("0 3 * * *", "Europe/Berlin", "2026-11-23T10:00:00Z[UTC]");
        assertEquals("2026-11-24T02:00Z", next.toInstant().toString().replace(":00Z", "Z"));
    }

    @Test
    void weekdaysStepsListsAndNames() {
        // Friday 2026-11-27 18:10 -> next weekday slot at */20 past 9-17 is Monday 09:00
        assertEquals(ZonedDateTime.parse("2026-11-30T09:00Z[UTC]"),
                next("*/20 9-17 * * MON-FRI", "UTC", "2026-11-27T18:10:00Z[UTC]"));
        assertEquals(ZonedDateTime.parse("2026-12-01T00:00Z[UTC]"), next("0 0 1 jan,dec *", "UTC", "2026-11-23T00:00Z[UTC]"));
        assertEquals(ZonedDateTime.parse("2026-11-29T05:00Z[UTC]"), next("0 5 * * 7", "UTC", "2026-11-23T00:00Z[UTC]"));
    }

    @Test
    void restrictedDayFieldsMatchEitherAsInVixieCron() {
        // the 1st of the month or a Monday, whichever comes first
        assertEquals(ZonedDateTime.parse("2026-11-30T00:00Z[UTC]"), next("0 0 1 * MON", "UTC", "2026-11-23T12:00Z[UTC]"));
    }

    @Test
    void leapDayIsFoundYearsAhead() {
        assertEquals(ZonedDateTime.parse("2028-02-29T00:00Z[UTC]"), next("0 0 29 2 *", "UTC", "2026-11-23T00:00Z[UTC]"));
    }

    @Test
    void skippedLocalTimeOnSpringForwardIsNotRun() {
        // 2027-03-28 02:30 does not exist in Berlin; the next 02:30 is the day after
        ZonedDateTime next = next("30 2 * * *", "Europe/Berlin", "2027-03-27T12:00:00Z[UTC]");
        assertTrue(next.getDayOfMonth() == 28 || next.getDayOfMonth() == 29, next.toString());
        assertTrue(next.isAfter(ZonedDateTime.parse("2027-03-27T12:00:00Z[UTC]")));
    }

    @Test
    void badExpressionsNameTheField() {
        InvalidInputException fields = assertThrows(InvalidInputException.class, () -> Cron.parse("* * *", "UTC"));
        assertTrue(fields.fields().containsKey("schedule.cron"), fields.fields().toString());
        InvalidInputException minute = assertThrows(InvalidInputException.class, () -> Cron.parse("61 * * * *", "UTC"));
        assertTrue(minute.fields().get("schedule.cron").contains("minute 61"), minute.fields().toString());
        InvalidInputException name = assertThrows(InvalidInputException.class, () -> Cron.parse("0 0 * FOO *", "UTC"));
        assertTrue(name.detail().contains("month 'FOO'"), name.detail());
        InvalidInputException backwards = assertThrows(InvalidInputException.class, () -> Cron.parse("0 5-2 * * *", "UTC"));
        assertTrue(backwards.detail().contains("backwards"), backwards.detail());
        InvalidInputException zone = assertThrows(InvalidInputException.class, () -> Cron.parse("0 0 * * *", "Mars/Olympus"));
        assertTrue(zone.fields().containsKey("schedule.timeZone"));
    }
}
