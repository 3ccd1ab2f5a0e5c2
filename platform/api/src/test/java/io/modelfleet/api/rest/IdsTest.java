package io.modelfleet.api.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void onlyPositiveWholeNumbersThatFitALongAreIds() {
        assertEquals(OptionalLong.of(1), Ids.positive("1"));
        assertEquals(OptionalLong.of(Long.MAX_VALUE), Ids.positive(Long.toString(Long.MAX_VALUE)));
        for (String bad : new String[] { null, "", " 1", "0", "-3", "1.0", "1e3", "abc", "9223372036854775808", "+" }) {
            assertTrue(Ids.positive(bad).isEmpty(), bad);
        }
    }

    @Test
    void messagesRepeatAtMost64Characters() {
        assertEquals("short", Ids.quoted("short"));
        assertEquals("x".repeat(64) + "...", Ids.quoted("x".repeat(65)));
    }
}
