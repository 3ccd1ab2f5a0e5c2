package io.modelfleet.rest.internal;

import java.io.InputStream;
import java.net.URI;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
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
import io.modelfleet.api.Page;
import io.modelfleet.api.PayloadTooLargeException;
import io.modelfleet.api.agent.AgentRelease;
import io.modelfleet.api.agent.AgentReleaseService;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.Role;

/**
 * Agent releases: bundle sets for the agents' Felix framework, uploaded as a zip in the raw request body (no multipart:
 * the archive is the only thing sent, its version and notes travel as query parameters or in its
 * {@code release.properties}). They reach edges through rollouts ({@code POST /rollouts} with {@code agentReleaseId}).
 */
@Component(service = AgentReleaseResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/agent-releases")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class AgentReleaseResource {
    static final int DEFAULT_LIMIT = 50;
    /** What browsers and tools call a zip; the archive is checked by its content, not by this label. */
    static final String ZIP = "application/zip";
    static final String ZIP_WINDOWS = "application/x-zip-compressed";

    private final AgentReleaseService releases;

    @Activate
    public AgentReleaseResource(@Reference AgentReleaseService releases) {
        this.releases = releases;
    }

    @POST
    @Consumes({ ZIP, ZIP_WINDOWS, MediaType.APPLICATION_OCTET_STREAM })
    @RequiresRole(Role.MANAGER)
    public Response upload(@QueryParam("version") String version, @QueryParam("notes") String notes,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength, InputStream body,
            @Context SecurityContext security) {
        refuseDeclaredOversize(contentLength);
        // the service counts the bytes as they arrive too: a chunked body declares no length
        AgentRelease release = releases.upload(blankToNull(version), blankToNull(notes), body,
                Params.caller(security).name());
        return Response.created(URI.create(RestApplication.BASE + "/v1/agent-releases/" + release.id()))
                .entity(release).build();
    }

    /** A body that says it is too large is refused before a byte of it is read. */
    static void refuseDeclaredOversize(String contentLength) {
        Long declared;
        try {
            declared = Params.optLong("Content-Length", contentLength);
        } catch (InvalidInputException e) {
            return; // the servlet container has judged the header; the bytes are counted as they come
        }
        if (declared != null && declared > AgentReleaseService.MAX_ARCHIVE_BYTES) {
            throw new PayloadTooLargeException("the release archive is " + declared + " bytes; the limit is "
                    + AgentReleaseService.MAX_ARCHIVE_BYTES + " bytes");
        }
    }

    @GET
    @RequiresRole(Role.VIEWER)
    public Page<AgentRelease> list(@QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        Integer parsedLimit = Params.optInt("limit", limit);
        Long parsedOffset = Params.optLong("offset", offset);
        return releases.list(parsedLimit == null ? DEFAULT_LIMIT : parsedLimit, parsedOffset == null ? 0 : parsedOffset);
    }

    @GET
    @Path("{id}")
    @RequiresRole(Role.VIEWER)
    public AgentRelease get(@PathParam("id") String id) {
        return releases.get(Params.pathId("agent release", id));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
