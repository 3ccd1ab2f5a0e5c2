package io.modelfleet.api.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.deployment.CollectionPolicy.Mode;

class CollectionPolicyTest {

    @Test
    void theShortFormRoundTrips() {
        for (String text : new String[] { "off", "all", "low-confidence", "low-confidence:0.6", "rate:0.1" }) {
            assertEquals(text, CollectionPolicy.parse(text).text());
        }
        assertEquals(new CollectionPolicy(Mode.RATE, null, 0.25), CollectionPolicy.parse(" RATE:0.25 "));
        assertEquals(new CollectionPolicy(Mode.LOW_CONFIDENCE, null, null), CollectionPolicy.parse("low-confidence"));
    }

    @Test
    void numbersOutOfRangeOrForTheWrongModeAreRefusedNamingTheField() {
        assertEquals(Map.of("threshold", "must be between 0 and 1"),
                assertThrows(InvalidInputException.class, () -> CollectionPolicy.parse("low-confidence:1.5")).fields());
        assertEquals(Map.of("rate", "must be greater than 0 and at most 1"),
                assertThrows(InvalidInputException.class, () -> CollectionPolicy.parse("rate:0")).fields());
        assertEquals(Map.of("rate", "must be greater than 0 and at most 1"),
                assertThrows(InvalidInputException.class, () -> CollectionPolicy.parse("rate")).fields());
        assertEquals(Map.of("threshold", "applies to LOW_CONFIDENCE only"),
                assertThrows(InvalidInputException.class, () -> new CollectionPolicy(Mode.ALL, 0.5, null)).fields());
        assertEquals(Map.of("rate", "applies to RATE only"),
                assertThrows(InvalidInputException.class, () -> new CollectionPolicy(Mode.OFF, null, 0.5)).fields());
        assertEquals(Map.of("mode", "is required"),
                assertThrows(InvalidInputException.class, () -> new CollectionPolicy(null, null, null)).fields());
        assertThrows(InvalidInputException.class, () -> CollectionPolicy.parse("sometimes"));
        assertThrows(InvalidInputException.class, () -> CollectionPolicy.parse("rate:lots"));
        assertThrows(InvalidInputException.class, () -> CollectionPolicy.parse("rate:NaN"));
    }
}
