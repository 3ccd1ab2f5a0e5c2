package io.modelfleet.core.internal;

import java.util.Optional;

/**
 * Edge credentials have the form {@code mfc_<edgeId>_<secret>}: the id finds the row, the secret proves possession.
 */
record EdgeCredential(long edgeId, String secret) {
    static final String PREFIX = "mfc_";

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
        try {
            long id = Long.parseLong(value.substring(PREFIX.length(), split));
            return id > 0 ? Optional.of(new EdgeCredential(id, value.substring(split + 1))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
