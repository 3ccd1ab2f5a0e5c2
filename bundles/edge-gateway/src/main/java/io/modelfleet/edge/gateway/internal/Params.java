package io.modelfleet.edge.gateway.internal;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.rest.Ids;

final class Params {
    private Params() {
    }

    /** An edge speaks the protocol or not: an id that is not a positive number is a malformed request (400). */
    static long id(String name, String value) {
        return Ids.positive(value).orElseThrow(() -> new InvalidInputException(name + " must be a positive number, was '"
                + Ids.quoted(String.valueOf(value)) + "'"));
    }
}
