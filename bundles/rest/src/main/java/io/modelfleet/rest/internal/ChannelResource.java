package io.modelfleet.rest.internal;

import java.util.List;

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
import io.modelfleet.api.Page;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.alert.AlertService;
import io.modelfleet.api.alert.ChannelTestResult;
import io.modelfleet.api.alert.Delivery;
import io.modelfleet.api.alert.NewNotificationChannel;
import io.modelfleet.api.alert.NotificationChannel;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.Role;

/**
 * Notification channels. Changing them is for administrators: they hold signing secrets and make the server send to
 * addresses outside it.
 */
@Component(service = ChannelResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/channels")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ChannelResource {
    private final AlertService alerts;

    @Activate
    public ChannelResource(@Reference AlertService alerts) {
        this.alerts = alerts;
    }

    @GET
    @RequiresRole(Role.VIEWER)
    public List<NotificationChannel> list() {
        return alerts.channels();
    }

    @POST
    @RequiresRole(Role.ADMIN)
    public Response create(NewNotificationChannel channel, @Context SecurityContext security) {
        if (channel == null) {
            throw new InvalidInputException("the body must be {name, type, url, secret, recipients}");
        }
        return Response.status(201).entity(alerts.createChannel(channel, Params.caller(security).name())).build();
    }

    @GET
    @Path("{id}")
    @RequiresRole(Role.VIEWER)
    public NotificationChannel get(@PathParam("id") String id) {
        return alerts.channel(Params.pathId("channel", id));
    }

    @DELETE
    @Path("{id}")
    @RequiresRole(Role.ADMIN)
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        alerts.deleteChannel(Params.pathId("channel", id), Params.caller(security).name());
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/test")
    @RequiresRole(Role.ADMIN)
    public ChannelTestResult test(@PathParam("id") String id, @Context SecurityContext security) {
        return alerts.testChannel(Params.pathId("channel", id), Params.caller(security).name());
    }

    @GET
    @Path("{id}/deliveries")
    @RequiresRole(Role.VIEWER)
    public Page<Delivery> deliveries(@PathParam("id") String id, @QueryParam("limit") String limit,
            @QueryParam("offset") String offset) {
        long channelId = Params.pathId("channel", id);
        alerts.channel(channelId);
        return alerts.deliveries(channelId, null,
                PageRequest.of(Params.optInt("limit", limit), Params.optLong("offset", offset)));
    }
}
