package io.modelfleet.edge.gateway.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.InvalidInputException;

class ByteRangeTest {
    @Test
    void resumesFromTheRequestedByte() {
        assertEquals(0, ByteRange.start(null, 100));
        assertEquals(40, ByteRange.start("bytes=40-", 100));
        assertEquals(40, ByteRange.start("bytes=40-99", 100));
        assertEquals(-1, ByteRange.start("bytes=100-", 100));
    }

    @Test
    void refusesWhatItDoesNotServe() {
        assertThrows(InvalidInputException.class, () -> ByteRange.start("bytes=0-10", 100));
        assertThrows(InvalidInputException.class, () -> ByteRange.start("bytes=0-1,5-", 100));
        assertThrows(InvalidInputException.class, () -> ByteRange.start("bytes=-5", 100));
        assertThrows(InvalidInputException.class, () -> ByteRange.start("items=1-", 100));
    }
}
