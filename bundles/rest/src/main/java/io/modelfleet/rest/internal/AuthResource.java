package io.modelfleet.rest.internal;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.rest.PublicEndpoint;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.Caller;
import io.modelfleet.api.security.Role;
import io.modelfleet.api.security.Session;
import io.modelfleet.api.security.UserService;

@Component(service = AuthResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class AuthResource {
    private final UserService users;

    /** {@code cookie: true} (the web console): the session goes into an HttpOnly cookie instead of the body. */
    public record Credentials(String username, String password, Boolean cookie) {
        public Credentials {
            if (username == null || password == null) {
                throw new InvalidInputException("username and password are required");
            }
            io.modelfleet.api.Validation.optional("username", username, 64);
            io.modelfleet.api.Validation.optional("password", password, 256);
        }
    }

    /** A signed-in user's own password change; {@code cookie: true} as for login. */
    public record PasswordChange(String currentPassword, String newPassword, Boolean cookie) {
        public PasswordChange {
            if (currentPassword == null || newPassword == null) {
                throw new InvalidInputException("currentPassword and newPassword are required");
            }
            io.modelfleet.api.Validation.optional("currentPassword", currentPassword, 256);
        }
    }

    @Activate
    public AuthResource(@Reference UserService users) {
        this.users = users;
    }

    @POST
    @Path("login")
    @PublicEndpoint
    public Response login(Credentials credentials, @Context HttpServletRequest request) {
        Session session = users.login(credentials.username(), credentials.password(), request.getRemoteAddr());
        if (!Boolean.TRUE.equals(credentials.cookie())) {
            return Response.ok(session).build();
        }
        return Response.ok(new Session(null, session.username(), session.role(), session.idleExpiresAt(),
                session.absoluteExpiresAt())).header("Set-Cookie", SessionCookie.set(session, request.isSecure()))
                .build();
    }

    @POST
    @Path("logout")
    @RequiresRole(Role.VIEWER)
    public Response logout(@Context HttpHeaders headers, @Context HttpServletRequest request) {
        String header = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        javax.ws.rs.core.Cookie cookie = headers.getCookies().get(SessionCookie.NAME);
        users.logout(header != null && header.length() > 7 ? header.substring(7).trim()
                : cookie == null ? null : cookie.getValue());
        return Response.noContent().header("Set-Cookie", SessionCookie.clear(request.isSecure())).build();
    }

    /**
     * Changes the caller's own password. Every session of the user ends; the answer is a new one (in the cookie with
     * {@code cookie: true}), so the user stays signed in here and nowhere else.
     */
    @POST
    @Path("password")
    @RequiresRole(Role.VIEWER)
    public Response changePassword(PasswordChange change, @Context SecurityContext security,
            @Context HttpServletRequest request) {
        if (change == null) {
            throw new InvalidInputException("the body must be {\"currentPassword\": ..., \"newPassword\": ...}");
        }
        Session session = users.changeOwnPassword(Params.caller(security).name(), change.currentPassword(),
                change.newPassword(), request.getRemoteAddr());
        if (!Boolean.TRUE.equals(change.cookie())) {
            return Response.ok(session).build();
        }
        return Response.ok(new Session(null, session.username(), session.role(), session.idleExpiresAt(),
                session.absoluteExpiresAt())).header("Set-Cookie", SessionCookie.set(session, request.isSecure()))
                .build();
    }

    @GET
    @Path("me")
    @RequiresRole(Role.VIEWER)
    public Caller me(@Context SecurityContext security) {
        return Params.caller(security);
    }
}
