package io.modelfleet.rest.internal;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.DirectoryService;
import io.modelfleet.api.security.DirectorySettings;
import io.modelfleet.api.security.DirectoryTestResult;
import io.modelfleet.api.security.Role;

/** The company directory (LDAP) operators sign in with: settings and a connection test, for administrators. */
@Component(service = DirectoryResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/directory")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiresRole(Role.ADMIN)
public final class DirectoryResource {
    /** Settings to try (null: the stored ones) and optionally a user to look up and sign in as. */
    public record TestRequest(DirectorySettings settings, String username, String password) {
    }

    private final DirectoryService directory;

    @Activate
    public DirectoryResource(@Reference DirectoryService directory) {
        this.directory = directory;
    }

    @GET
    @RequiresRole(Role.ADMIN)
    public DirectorySettings get() {
        return directory.settings();
    }

    @PUT
    @RequiresRole(Role.ADMIN)
    public DirectorySettings update(DirectorySettings settings, @Context SecurityContext security) {
        if (settings == null) {
            throw new InvalidInputException("the body must be the directory settings");
        }
        return directory.update(settings, Params.caller(security).name());
    }

    @POST
    @Path("test")
    @RequiresRole(Role.ADMIN)
    public DirectoryTestResult test(TestRequest request, @Context SecurityContext security) {
        TestRequest body = request == null ? new TestRequest(null, null, null) : request;
        if (body.username() != null && body.username().length() > 64) {
            throw new InvalidInputException("username may be at most 64 characters");
        }
        if (body.password() != null && body.password().length() > 256) {
            throw new InvalidInputException("password may be at most 256 characters");
        }
        return directory.test(body.settings(), body.username(), body.password(), Params.caller(security).name());
    }
}
