package io.modelfleet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FormatTest {

    @Test
    void missingValuesShowAsDash() {
        assertEquals("-", Format.text(null));
        assertEquals("-", Format.text(""));
        assertEquals("-", Format.time(null));
        assertEquals("-", Format.bytes(null));
    }

    @Test
    void timesAreUtcToTheSecond() {
        assertEquals("2024-05-01 12:30:45Z", Format.time(Instant.parse("2024-05-01T12:30:45.123Z")));
    }

    @Test
    void bytesUseBinaryUnits() {
        assertEquals("512 B", Format.bytes(512L));
        assertEquals("1.5 KiB", Format.bytes(1536L));
        assertEquals("8.0 GiB", Format.bytes(8L << 30));
    }
}
