package io.modelfleet.rest.internal;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.modelfleet.api.Page;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.NewUser;
import io.modelfleet.api.security.Role;
import io.modelfleet.api.security.User;
import io.modelfleet.api.security.UserService;
import io.modelfleet.api.security.UserUpdate;

/** Operator accounts; administrators only. */
@Component(service = UserResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiresRole(Role.ADMIN)
public final class UserResource {
    private final UserService users;

    @Activate
    public UserResource(@Reference UserService users) {
        this.users = users;
    }

    @GET
    public Page<User> list(@QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        return users.list(PageRequest.of(Params.optInt("limit", limit), Params.optLong("offset", offset)));
    }

    @POST
    public Response create(NewUser user, @Context SecurityContext security) {
        return Response.status(201).entity(users.create(user, Params.caller(security).name())).build();
    }

    @GET
    @Path("{username}")
    public User get(@PathParam("username") String username) {
        return users.get(username);
    }

    @PATCH
    @Path("{username}")
    public User update(@PathParam("username") String username, UserUpdate update, @Context SecurityContext security) {
        return users.update(username, update, Params.caller(security).name());
    }
}
