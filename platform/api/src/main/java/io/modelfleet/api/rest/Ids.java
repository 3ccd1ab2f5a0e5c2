package io.modelfleet.api.rest;

import java.util.OptionalLong;

/**
 * Ids in request paths and parameters, read one way by the operator API and the edge protocol. Each says what an
 * unreadable id means in its own terms: the operator API that nothing by that name exists (404), the edge protocol
 * that the request is malformed (400).
 */
public final class Ids {
    /** How much of a bad id an error message repeats. */
    public static final int QUOTED_LENGTH = 64;

    private Ids() {
    }

    /** The id when {@code text} is a positive whole number that fits a long; empty otherwise (null included). */
    public static OptionalLong positive(String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        try {
            long id = Long.parseLong(text);
            return id > 0 ? OptionalLong.of(id) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** {@code text} as an error message repeats it: at most {@link #QUOTED_LENGTH} characters. */
    public static String quoted(String text) {
        return text.length() > QUOTED_LENGTH ? text.substring(0, QUOTED_LENGTH) + "..." : text;
    }
}
