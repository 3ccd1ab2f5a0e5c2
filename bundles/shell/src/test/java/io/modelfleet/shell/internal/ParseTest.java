package io.modelfleet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.Validation;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.rollout.WaveSize;

class ParseTest {

    @Test
    void ttlUnits() {
        assertEquals(3600L, Parse.ttlSeconds("3600s"));
        assertEquals(5400L, Parse.ttlSeconds("90m"));
        assertEquals(86_400L, Parse.ttlSeconds("24h"));
        assertEquals(7 * 86_400L, Parse.ttlSeconds("7d"));
        assertEquals(7200L, Parse.ttlSeconds(" 2H "));
        assertNull(Parse.ttlSeconds(null));
    }

    @Test
    void ttlLargestAmountDoesNotOverflow() {
        assertEquals(999_999_999L * 86_400, Parse.ttlSeconds("999999999d"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "24", "h", "24x", "-5m", "1.5h", "24 h", "1h30m", "9999999999s" })
    void ttlRejectsOtherForms(String text) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Parse.ttlSeconds(text));
        assertTrue(e.detail().startsWith("ttl must be a whole number followed by s, m, h or d"), e.detail());
        assertTrue(e.detail().endsWith("was '" + text + "'"), e.detail());
    }

    @Test
    void ttlEchoOfLongInputIsClipped() {
        String text = "x".repeat(500);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Parse.ttlSeconds(text));
        assertTrue(e.detail().length() < 200, e.detail());
    }

    @Test
    void wavesKeepTheirOrder() {
        assertEquals(List.of(WaveSize.ofEdges(1), WaveSize.ofPercent(12.5), WaveSize.ofPercent(100.0)),
                Parse.waves(List.of("1", " 12.5% ", "100%")));
        assertEquals(List.of(), Parse.waves(null));
    }

    @Test
    void aHugeWaveIsRangeCheckedRatherThanOverflowed() {
        assertEquals("a wave's edges must be between 1 and 100000, was 999999999",
                assertThrows(InvalidInputException.class, () -> Parse.waves(List.of("999999999"))).detail());
        assertTrue(assertThrows(InvalidInputException.class, () -> Parse.waves(List.of("99999999999"))).detail()
                .startsWith("wave must be a number of edges"));
    }

    @Test
    void numbersNameTheOption() {
        assertEquals(300, Parse.integer("--soak", " 300"));
        assertEquals(0.05, Parse.decimal("--max-score-drop", "0.05"));
        assertNull(Parse.integer("--soak", null));
        assertEquals("--soak must be a whole number; was '5m'",
                assertThrows(InvalidInputException.class, () -> Parse.integer("--soak", "5m")).detail());
        assertEquals("--max-score-drop must be a number such as 0.05; was 'NaN'",
                assertThrows(InvalidInputException.class, () -> Parse.decimal("--max-score-drop", "NaN")).detail());
        assertEquals(12L, Parse.id("rollout id", "12"));
    }

    @Test
    void booleansAreTrueOrFalseInAnyCase() {
        assertEquals(Boolean.TRUE, Parse.bool("--start-tls", " TRUE"));
        assertEquals(Boolean.FALSE, Parse.bool("--start-tls", "false"));
        assertNull(Parse.bool("--start-tls", null));
        assertEquals("--start-tls must be true or false; was 'yes'",
                assertThrows(InvalidInputException.class, () -> Parse.bool("--start-tls", "yes")).detail());
    }

    @Test
    void enumIgnoresCase() {
        assertEquals(EdgeState.APPROVED, Parse.enumValue("state", "approved", EdgeState.class));
        assertEquals(EdgeState.PENDING, Parse.enumValue("state", " Pending ", EdgeState.class));
        assertNull(Parse.enumValue("state", null, EdgeState.class));
    }

    @Test
    void unknownEnumNamesTheOptionAndTheChoices() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Parse.enumValue("state", "ACTIVE", EdgeState.class));
        assertEquals("state must be one of PENDING, APPROVED, REJECTED, DISABLED; was 'ACTIVE'", e.detail());
    }

    @Test
    void instantsAreIsoOrRefusedByOption() {
        assertEquals(Instant.parse("2026-12-06T18:00:00Z"), Parse.instant("--until", " 2026-12-06T18:00:00Z"));
        assertNull(Parse.instant("--until", null));
        assertEquals("--until must be an ISO-8601 instant such as 2026-12-06T18:00:00Z; was '18:00'",
                assertThrows(InvalidInputException.class, () -> Parse.instant("--until", "18:00")).detail());
    }

    @Test
    void anApiRefusalOfOneFieldNamesTheOption() {
        Map<String, String> options = Map.of("windowMinutes", "--window", "recipients",
                "--recipient");
        assertEquals("--window must be between 1 and 10, was 0", assertThrows(InvalidInputException.class,
                () -> Parse.naming(options, () -> Validation.range("windowMinutes", 0, 1, 10)))
                .detail());
        assertEquals("--recipient: needs 1 to 50 addresses", assertThrows(InvalidInputException.class,
                () -> Parse.naming(options, () -> {
                    throw Validation.invalid("recipients", "needs 1 to 50 addresses");
                })).detail());
        // refusals of no field, or of a field no option sets, already say what they mean
        InvalidInputException general = new InvalidInputException("kind is required");
        assertEquals(general, assertThrows(InvalidInputException.class, () -> Parse.naming(options, () -> {
            throw general;
        })));
        assertEquals("edgeId must be positive", assertThrows(InvalidInputException.class,
                () -> Parse.naming(options, () -> {
                    throw Validation.invalid("edgeId", "edgeId must be positive");
                })).detail());
    }
}
