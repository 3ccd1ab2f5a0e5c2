package io.modelfleet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.edge.EdgeState;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ParsingTest {

    @Test
    void ttlUnitsConvertToSeconds() {
        assertEquals(86_400, Parsing.ttlSeconds("24h"));
        assertEquals(5_400, Parsing.ttlSeconds("90m"));
        assertEquals(3_600, Parsing.ttlSeconds("3600s"));
        assertEquals(7_200, Parsing.ttlSeconds(" 2H "));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"24", "h", "24d", "-5m", "1.5h", "24 h", "9999999999999h"})
    void badTtlIsRejectedWithTheExpectedFormat(String ttl) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Parsing.ttlSeconds(ttl));
        assertTrue(e.getMessage().contains("24h, 90m, 3600s"), e.getMessage());
    }

    @Test
    void tagSplitsAtTheFirstColon() {
        assertEquals(new Parsing.Tag("site", "berlin"), Parsing.tag("site:berlin"));
        assertEquals(new Parsing.Tag("url", "http://x:8080"), Parsing.tag("url:http://x:8080"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"site", ":berlin", "site:"})
    void badTagIsRejected(String tag) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Parsing.tag(tag));
        assertTrue(e.getMessage().contains("key:value"), e.getMessage());
    }

    @Test
    void digitsAreAnIdEverythingElseAName() {
        assertEquals(OptionalLong.of(42), Parsing.edgeId("42"));
        assertEquals(OptionalLong.empty(), Parsing.edgeId("cam-42"));
        assertEquals(OptionalLong.empty(), Parsing.edgeId("4.2"));
        // too long for a long: can only be a name
        assertEquals(OptionalLong.empty(), Parsing.edgeId("12345678901234567890"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void missingEdgeReferenceIsRejected(String ref) {
        assertThrows(InvalidInputException.class, () -> Parsing.edgeId(ref));
    }

    @Test
    void enumValueIgnoresCaseAndListsAllowedValues() {
        assertEquals(EdgeState.APPROVED, Parsing.enumValue(EdgeState.class, "state", "approved"));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Parsing.enumValue(EdgeState.class, "state", "gone"));
        assertEquals("state must be one of PENDING, APPROVED, REJECTED, DISABLED, was 'gone'", e.getMessage());
    }
}
