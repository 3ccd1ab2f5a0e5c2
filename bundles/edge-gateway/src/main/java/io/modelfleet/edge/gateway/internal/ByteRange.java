package io.modelfleet.edge.gateway.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelfleet.api.InvalidInputException;

/** The one kind of HTTP range a resuming download sends: {@code bytes=N-} (an end is accepted if it is the last byte). */
final class ByteRange {
    private static final Pattern OPEN_ENDED = Pattern.compile("bytes=(\\d{1,18})-(\\d{1,18})?");

    private ByteRange() {
    }

    /** @return the first byte to send, or -1 when the range starts at or past the end (416) */
    static long start(String header, long size) {
        if (header == null) {
            return 0;
        }
        Matcher m = OPEN_ENDED.matcher(header.trim());
        if (!m.matches()) {
            throw new InvalidInputException("only a single range 'bytes=N-' is supported, got '"
                    + (header.length() > 60 ? header.substring(0, 60) + "..." : header) + "'");
        }
        long start = Long.parseLong(m.group(1));
        if (m.group(2) != null && Long.parseLong(m.group(2)) != size - 1) {
            throw new InvalidInputException("only ranges up to the last byte (" + (size - 1) + ") are supported");
        }
        return start >= size ? -1 : start;
    }
}
