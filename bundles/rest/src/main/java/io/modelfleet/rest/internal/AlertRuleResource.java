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
import io.modelfleet.api.alert.AlertRule;
import io.modelfleet.api.alert.AlertService;
import io.modelfleet.api.alert.NewAlertRule;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.Role;

/** Alert rules: what is watched, how long, and which channels are told. */
@Component(service = AlertRuleResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/alert-rules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class AlertRuleResource {
    private static final String BODY = "the body must be {name, kind, edgeId, tagKey, tagValue, modelVersion, threshold, "
            + "scoreBelow, windowMinutes, minResults, renotifyMinutes, enabled, channelIds}";
    private final AlertService alerts;

    @Activate
    public AlertRuleResource(@Reference AlertService alerts) {
        this.alerts = alerts;
    }

    @GET
    @RequiresRole(Role.VIEWER)
    public List<AlertRule> list() {
        return alerts.rules();
    }

    @POST
    @RequiresRole(Role.MANAGER)
    public Response create(NewAlertRule rule, @Context SecurityContext security) {
        if (rule == null) {
            throw new InvalidInputException(BODY);
        }
        return Response.status(201).entity(alerts.createRule(rule, Params.caller(security).name())).build();
    }

    @GET
    @Path("{id}")
    @RequiresRole(Role.VIEWER)
    public AlertRule get(@PathParam("id") String id) {
        return alerts.rule(Params.pathId("alert rule", id));
    }

    @PUT
    @Path("{id}")
    @RequiresRole(Role.MANAGER)
    public AlertRule update(@PathParam("id") String id, NewAlertRule rule, @Context SecurityContext security) {
        long ruleId = Params.pathId("alert rule", id);
        if (rule == null) {
            throw new InvalidInputException(BODY);
        }
        return alerts.updateRule(ruleId, rule, Params.caller(security).name());
    }

    @DELETE
    @Path("{id}")
    @RequiresRole(Role.MANAGER)
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        alerts.deleteRule(Params.pathId("alert rule", id), Params.caller(security).name());
        return Response.noContent().build();
    }
}
