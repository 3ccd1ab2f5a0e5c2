package io.modelfleet.rest.internal;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
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

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.alert.AlertService;
import io.modelfleet.api.alert.Notifications;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.Role;

/** The caller's notification center: the latest alert events and how many are unread. */
@Component(service = NotificationResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/notifications")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class NotificationResource {
    /** Every event up to this id has been seen. */
    public record ReadRequest(Long lastEventId) {
    }

    private final AlertService alerts;

    @Activate
    public NotificationResource(@Reference AlertService alerts) {
        this.alerts = alerts;
    }

    @GET
    @RequiresRole(Role.VIEWER)
    public Notifications list(@QueryParam("limit") String limit, @Context SecurityContext security) {
        Integer parsed = Params.optInt("limit", limit);
        return alerts.notifications(Params.caller(security).name(), parsed == null ? 20 : parsed);
    }

    @POST
    @Path("read")
    @RequiresRole(Role.VIEWER)
    public Response read(ReadRequest request, @Context SecurityContext security) {
        if (request == null || request.lastEventId() == null) {
            throw new InvalidInputException("the body must be {\"lastEventId\": N}");
        }
        alerts.markNotificationsRead(Params.caller(security).name(), request.lastEventId());
        return Response.noContent().build();
    }
}
