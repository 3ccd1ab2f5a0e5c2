package io.modelfleet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class FormatTest {

    @Test
    void missingTextIsADash() {
        assertEquals("-", Format.text(null));
        assertEquals("-", Format.text("  "));
        assertEquals("v1", Format.text("v1"));
        assertEquals("42", Format.text(42));
    }

    @Test
    void instantsToTheSecond() {
        assertEquals("2026-11-23T10:00:05Z", Format.instant(Instant.parse("2026-11-23T10:00:05.987654Z")));
        assertEquals("-", Format.instant(null));
    }

    @Test
    void bytesInBinaryUnits() {
        assertEquals("-", Format.bytes(null));
        assertEquals("0 B", Format.bytes(0L));
        assertEquals("1023 B", Format.bytes(1023L));
        assertEquals("1.0 KiB", Format.bytes(1024L));
        assertEquals("1.5 MiB", Format.bytes(1536L * 1024));
        assertEquals("4.0 GiB", Format.bytes(4L * 1024 * 1024 * 1024));
        assertEquals("8.0 EiB", Format.bytes(Long.MAX_VALUE));
    }
}
