package io.modelfleet.shell.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** How values look in tables and detail views; a dash stands for "not known" so columns stay aligned. */
final class Format {
    private static final String[] UNITS = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };

    private Format() {
    }

    static String text(Object value) {
        String text = value == null ? "" : value.toString();
        return text.isBlank() ? "-" : text;
    }

    /** UTC, to the second: sub-second digits only make the columns wider. */
    static String instant(Instant instant) {
        return instant == null ? "-" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String bytes(Long bytes) {
        if (bytes == null) {
            return "-";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
