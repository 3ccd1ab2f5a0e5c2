package io.modelfleet.rest.internal;

import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
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

import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.edge.EnrollmentToken;
import io.modelfleet.api.edge.FleetService;
import io.modelfleet.api.edge.TokenRequest;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.Role;

/** Enrollment tokens: admins create them (the secret is shown once), list and revoke them. */
@Component(service = EnrollmentTokenResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/enrollment-tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiresRole(Role.ADMIN)
public final class EnrollmentTokenResource {
    private final FleetService fleet;

    @Activate
    public EnrollmentTokenResource(@Reference FleetService fleet) {
        this.fleet = fleet;
    }

    @GET
    public List<EnrollmentToken> list(@QueryParam("all") String all) {
        return fleet.listTokens(Params.optBoolean("all", all));
    }

    @POST
    public Response create(TokenRequest request, @Context SecurityContext security) {
        return Response.status(201).entity(fleet.createToken(request, Params.caller(security).name())).build();
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id, @Context SecurityContext security) {
        long tokenId;
        try {
            tokenId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new NotFoundException("enrollment token '" + id + "' does not exist");
        }
        fleet.revokeToken(tokenId, Params.caller(security).name());
        return Response.noContent().build();
    }
}
