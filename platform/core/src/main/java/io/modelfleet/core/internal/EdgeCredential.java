package io.modelfleet.core.internal;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Edge credentials have the form {@code mfc_<edgeId>_<secret>}: the id finds the row, the secret proves possession.
 */
record EdgeCredential(long edgeId, String secret) {
    static final String PREFIX = "mfc_";
    private static final Pattern CANONICAL_ID = Pattern.compile("[1-9][0-9]{0,17}");

    static EdgeCredential issue(long edgeId, String secret) {
        return new EdgeCredential(edgeId, secret);
    }

    String value() {
        return PREFIX + edgeId + "_" + secret;
    }

    static Optional<EdgeCredential> parse(String value) {
        if (value == null || !value.startsWith(PREFIX) || value.length() > 128) {
            return Optional.empty();
        }
        int split = value.indexOf('_', PREFIX.length());
        if (split < 0 || split == value.length() - 1) {
            return Optional.empty();
        }
        String id = value.substring(PREFIX.length(), split);
        // exactly the form issue() writes: "007" or "+7" would name edge 7 too, and one edge has one credential
        if (!CANONICAL_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return Optional.of(new EdgeCredential(Long.parseLong(id), value.substring(split + 1)));
    }
}
