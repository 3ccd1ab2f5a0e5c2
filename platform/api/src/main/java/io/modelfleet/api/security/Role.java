package io.modelfleet.api.security;

/** Roles in increasing power; a role includes every role before it. */
public enum Role {
    VIEWER, MANAGER, ADMIN;

    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }
}
