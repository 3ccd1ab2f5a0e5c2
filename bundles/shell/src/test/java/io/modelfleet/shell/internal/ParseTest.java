package io.modelfleet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.edge.EdgeState;

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
    void tagWithValue() {
        assertEquals(new Parse.Tag("site", "berlin"), Parse.tag("site:berlin"));
    }

    @Test
    void tagValueKeepsLaterColons() {
        assertEquals(new Parse.Tag("url", "http://x:8080"), Parse.tag("url:http://x:8080"));
    }

    @Test
    void tagKeyAloneMatchesAnyValue() {
        assertEquals(new Parse.Tag("site", null), Parse.tag("site"));
    }

    @Test
    void tagWithEmptyValue() {
        assertEquals(new Parse.Tag("site", ""), Parse.tag("site:"));
    }

    @Test
    void noTag() {
        assertNull(Parse.tag(null));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", ":berlin", " :berlin" })
    void tagNeedsAKey(String text) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Parse.tag(text));
        assertTrue(e.detail().startsWith("tag must look like key or key:value"), e.detail());
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
}
