package io.modelfleet.rest.internal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import javax.ws.rs.Consumes;
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
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.alert.DailySummary;
import io.modelfleet.api.alert.SentSummary;
import io.modelfleet.api.alert.SummaryService;
import io.modelfleet.api.alert.SummarySettings;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.Role;

/** Daily summaries: their settings, any ended day's summary on request, the ones made and sent, send one now. */
@Component(service = SummaryResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/summaries")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class SummaryResource {
    static final int DEFAULT_LIMIT = 30;

    private final SummaryService summaries;

    @Activate
    public SummaryResource(@Reference SummaryService summaries) {
        this.summaries = summaries;
    }

    /** The day to send, default the day before in the settings' zone. */
    public record SendRequest(String day) {
    }

    @GET
    @RequiresRole(Role.VIEWER)
    public List<SentSummary> sent(@QueryParam("limit") String limit) {
        Integer max = Params.optInt("limit", limit);
        return summaries.sent(max == null ? DEFAULT_LIMIT : max);
    }

    @GET
    @Path("settings")
    @RequiresRole(Role.VIEWER)
    public SummarySettings settings() {
        return summaries.settings();
    }

    @PUT
    @Path("settings")
    @RequiresRole(Role.MANAGER)
    public SummarySettings setSettings(SummarySettings settings, @Context SecurityContext security) {
        if (settings == null) {
            throw new InvalidInputException("the body must be the summary settings: {enabled, timeOfDay, timeZone, "
                    + "channelIds, lowConfidenceBelow}");
        }
        return summaries.setSettings(settings, Params.caller(security).name());
    }

    @GET
    @Path("daily")
    @RequiresRole(Role.VIEWER)
    public DailySummary daily(@QueryParam("day") String day, @QueryParam("timeZone") String timeZone) {
        return summaries.summary(day(day), timeZone);
    }

    @GET
    @Path("{id}")
    @RequiresRole(Role.VIEWER)
    public DailySummary kept(@PathParam("id") String id) {
        long summaryId = Params.pathId("summary", id);
        return summaries.kept(summaryId).orElseThrow(() -> new NotFoundException("summary " + summaryId + " does not exist"));
    }

    @POST
    @Path("send")
    @RequiresRole(Role.MANAGER)
    public Response send(SendRequest request, @Context SecurityContext security) {
        return Response.status(201).entity(summaries.send(day(request == null ? null : request.day()),
                Params.caller(security).name())).build();
    }

    private static LocalDate day(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("day must be a date such as 2026-12-05, not " + Params.clip(text),
                    Map.of("day", "YYYY-MM-DD"));
        }
    }
}
