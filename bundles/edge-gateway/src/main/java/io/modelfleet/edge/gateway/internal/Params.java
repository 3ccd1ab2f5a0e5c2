package io.modelfleet.edge.gateway.internal;

import io.modelfleet.api.InvalidInputException;

final class Params {
    private Params() {
    }

    static long id(String name, String value) {
        try {
            long id = Long.parseLong(value);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(name + " must be a positive number, was '"
                + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'");
    }
}
