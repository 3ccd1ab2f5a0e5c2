package io.modelfleet.rest.internal;

import java.security.Principal;

import javax.ws.rs.core.SecurityContext;

import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.security.Caller;
import io.modelfleet.api.security.Role;

/**
 * The authenticated caller as JAX-RS sees it. For operators {@code isUserInRole} answers by role inclusion; for edges
 * it answers whether the edge is in the named {@link EdgeState}, which is how edge endpoints check approval.
 */
record CallerSecurityContext(Caller caller, EdgeState edgeState, boolean secure) implements SecurityContext {

    @Override
    public Principal getUserPrincipal() {
        return caller;
    }

    @Override
    public boolean isUserInRole(String role) {
        if (caller.isEdge()) {
            return edgeState != null && edgeState.name().equals(role);
        }
        try {
            return caller.role().includes(Role.valueOf(role));
        } catch (IllegalArgumentException unknownRole) {
            return false;
        }
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return "Bearer";
    }
}
