package io.modelfleet.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.InvalidInputException;

class ParamsTest {

    @Test
    void wholeNumbersAreAsciiDigitsOnly() {
        assertEquals(12L, Params.optLong("limit", " 12 "));
        assertEquals(-3L, Params.optLong("offset", "-3"));
        assertNull(Params.optLong("limit", ""));
        for (String bad : List.of("１２", "١٢", "12.0", "0x10", "1e3", "12L", "+-1")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> Params.optLong("limit", bad));
            assertTrue(e.detail().startsWith("limit must be a whole number"), bad + " -> " + e.detail());
        }
        assertTrue(assertThrows(InvalidInputException.class, () -> Params.optLong("limit", "99999999999999999999"))
                .detail().startsWith("limit is out of range"));
    }

    @Test
    void idFiltersArePositive() {
        assertEquals(7L, Params.optId("edgeId", "7"));
        for (String bad : List.of("0", "-1")) {
            assertEquals("edgeId must be a positive id, was '" + bad + "'",
                    assertThrows(InvalidInputException.class, () -> Params.optId("edgeId", bad)).detail());
        }
    }

    @Test
    void numbersAreDecimalAndFinite() {
        assertEquals(0.5, Params.optDouble("x", "0.5"));
        assertEquals(0.5, Params.optDouble("x", ".5"));
        assertEquals(1e-3, Params.optDouble("x", "1e-3"));
        for (String bad : List.of("0x1p-1", "1d", "1f", "NaN", "Infinity", "-Infinity", "1e400", "0,5", "٠.٥")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> Params.optDouble("x", bad));
            assertTrue(e.detail().startsWith("x must be a finite"), bad + " -> " + e.detail());
        }
    }

    @Test
    void scoresAreBetweenZeroAndOne() {
        assertEquals(0.0, Params.optScore("minScore", "0"));
        assertEquals(1.0, Params.optScore("maxScore", "1"));
        for (String bad : List.of("-0.01", "1.01", "2")) {
            assertTrue(assertThrows(InvalidInputException.class, () -> Params.optScore("minScore", bad)).detail()
                    .startsWith("minScore must be between 0 and 1"), bad);
        }
    }

    @Test
    void timeBoundsBeyondWhatIsStoredMeanNoBound() {
        assertEquals(Params.EARLIEST, Params.optInstant("from", "-999999999-01-01T00:00:00Z"));
        assertEquals(Params.EARLIEST, Params.optInstant("from", "0001-01-01T00:00:00Z"));
        assertEquals(Params.LATEST, Params.optInstant("to", "+999999999-12-31T23:59:59Z"));
        assertEquals(Instant.parse("2026-01-31T12:00:00Z"), Params.optInstant("to", "2026-01-31T12:00:00Z"));
        assertThrows(InvalidInputException.class, () -> Params.optInstant("to", "0"));
    }
}
