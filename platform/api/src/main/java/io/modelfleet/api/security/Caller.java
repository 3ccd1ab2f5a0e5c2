package io.modelfleet.api.security;

import java.security.Principal;

/** Who makes a request: an operator with a role, or an edge identified by its credential. */
public record Caller(String name, Role role, Long edgeId) implements Principal {

    public static Caller user(String username, Role role) {
        return new Caller(username, role, null);
    }

    public static Caller edge(long edgeId) {
        return new Caller("edge:" + edgeId, null, edgeId);
    }

    public boolean isEdge() {
        return edgeId != null;
    }

    @Override
    public String getName() {
        return name;
    }
}
