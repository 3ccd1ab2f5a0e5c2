package io.modelfleet.rest.internal;

import java.time.Duration;
import java.time.Instant;
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
import io.modelfleet.api.alert.Alert;
import io.modelfleet.api.alert.AlertEvent;
import io.modelfleet.api.alert.AlertService;
import io.modelfleet.api.alert.Delivery;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.Role;

/** Alerts raised by the rules: list, follow (events, deliveries), acknowledge, silence. */
@Component(service = AlertResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class AlertResource {
    /** A silence for {@code minutes} from now, or until a time. */
    public record SilenceRequest(Integer minutes, Instant until) {
    }

    private final AlertService alerts;

    @Activate
    public AlertResource(@Reference AlertService alerts) {
        this.alerts = alerts;
    }

    @GET
    @RequiresRole(Role.VIEWER)
    public Page<Alert> list(@QueryParam("open") String open, @QueryParam("ruleId") String ruleId,
            @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        Boolean onlyOpen = open == null || open.isBlank() ? null : Params.optBoolean("open", open);
        return alerts.alerts(onlyOpen, Params.optId("ruleId", ruleId),
                PageRequest.of(Params.optInt("limit", limit), Params.optLong("offset", offset)));
    }

    @GET
    @Path("{id}")
    @RequiresRole(Role.VIEWER)
    public Alert get(@PathParam("id") String id) {
        return alerts.alert(Params.pathId("alert", id));
    }

    @GET
    @Path("{id}/events")
    @RequiresRole(Role.VIEWER)
    public List<AlertEvent> events(@PathParam("id") String id) {
        return alerts.events(Params.pathId("alert", id));
    }

    @GET
    @Path("{id}/deliveries")
    @RequiresRole(Role.VIEWER)
    public Page<Delivery> deliveries(@PathParam("id") String id, @QueryParam("limit") String limit,
            @QueryParam("offset") String offset) {
        long alertId = Params.pathId("alert", id);
        alerts.alert(alertId);
        return alerts.deliveries(null, alertId,
                PageRequest.of(Params.optInt("limit", limit), Params.optLong("offset", offset)));
    }

    @POST
    @Path("{id}/acknowledge")
    @RequiresRole(Role.MANAGER)
    public Alert acknowledge(@PathParam("id") String id, @Context SecurityContext security) {
        return alerts.acknowledge(Params.pathId("alert", id), Params.caller(security).name());
    }

    @POST
    @Path("{id}/silence")
    @RequiresRole(Role.MANAGER)
    public Alert silence(@PathParam("id") String id, SilenceRequest request, @Context SecurityContext security) {
        long alertId = Params.pathId("alert", id);
        if (request == null || (request.minutes() == null) == (request.until() == null)) {
            throw new InvalidInputException("the body must be {\"minutes\": N} or {\"until\": \"<ISO-8601 instant>\"}");
        }
        if (request.minutes() != null) {
            if (request.minutes() < 1) {
                throw new InvalidInputException("minutes must be at least 1, was " + request.minutes());
            }
            return alerts.silenceFor(alertId, Duration.ofMinutes(Math.min(request.minutes(), 60L * 24 * 366)),
                    Params.caller(security).name());
        }
        return alerts.silence(alertId, request.until(), Params.caller(security).name());
    }
}
