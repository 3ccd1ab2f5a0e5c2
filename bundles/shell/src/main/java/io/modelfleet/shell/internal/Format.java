package io.modelfleet.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import org.apache.karaf.shell.support.table.ShellTable;

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

    /** As short as the value allows: 0.6, 10, 0.5 rather than 0.6000000000000001 or 10.0. */
    static String number(double value) {
        return new BigDecimal(Double.toString(value)).round(new MathContext(10)).stripTrailingZeros().toPlainString();
    }

    /** Measurements to four significant digits: more would only be noise. */
    static String measured(Double value) {
        return value == null ? "-"
                : new BigDecimal(Double.toString(value)).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** Cuts long free text (messages, details) for a one-line cell. */
    static String clip(String text, int max) {
        String shown = text(text);
        return shown.length() > max ? shown.substring(0, max - 3) + "..." : shown;
    }

    /** A table as text, for views that are assembled before they are printed (and redrawn). */
    static String table(ShellTable table) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        table.print(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        return buffer.toString(StandardCharsets.UTF_8);
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
