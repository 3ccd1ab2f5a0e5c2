package io.modelfleet.api.edge;

import io.modelfleet.api.Validation;

/**
 * Edges picked by a tag: every edge that has the tag {@code key} (any value, when {@code value} is null), or that has
 * it with exactly {@code value}.
 * <p>
 * Written as text the same way everywhere (the REST API's {@code tag} filter, the shell's {@code --tag}, data source
 * options): {@code key}, {@code key=value} or {@code key:value}. Tag keys are names (letters, digits, '.', '-' and
 * '_'), so they hold neither separator: the first '=' or ':' splits, and the value keeps any later ones, as in
 * {@code url=http://x:8080/?a=b}. {@code key=} selects the edges whose tag is empty.
 *
 * @since 1.2.0
 */
public record TagSelector(String key, String value) {
    /** How a selector is written, for messages and help texts. */
    public static final String SYNTAX = "key or key=value (key:value also works)";
    private static final int QUOTED = 80;

    /**
     * @throws io.modelfleet.api.InvalidInputException if the key is no tag key or either is too long
     */
    public TagSelector {
        Validation.name("tag key", key, EdgeUpdate.MAX_TAG_KEY);
        Validation.optional("tag value", value, EdgeUpdate.MAX_TAG_VALUE);
    }

    /**
     * The selector written as {@code text}; null stays null (no tag filter).
     *
     * @throws io.modelfleet.api.InvalidInputException if there is no key before the first separator (also for blank
     *         text), the key is no tag key, or the key or value is too long
     */
    public static TagSelector parse(String text) {
        if (text == null) {
            return null;
        }
        int colon = text.indexOf(':');
        int equals = text.indexOf('=');
        int split = colon < 0 ? equals : equals < 0 ? colon : Math.min(colon, equals);
        String key = split < 0 ? text : text.substring(0, split);
        if (key.isBlank()) {
            throw Validation.invalid("tag", "tag must look like " + SYNTAX + ", such as site=berlin; was '"
                    + (text.length() > QUOTED ? text.substring(0, QUOTED) + "..." : text) + "'");
        }
        return new TagSelector(key, split < 0 ? null : text.substring(split + 1));
    }

    /** How the selector is written: {@code key} or {@code key=value}; {@link #parse} reads it back. */
    @Override
    public String toString() {
        return value == null ? key : key + "=" + value;
    }
}
