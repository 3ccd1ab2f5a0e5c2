package io.modelfleet.rest.internal;

import java.time.Instant;
import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.modelfleet.api.Page;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.inference.AggregateQuery;
import io.modelfleet.api.inference.EdgeEvent;
import io.modelfleet.api.inference.InferenceBucket;
import io.modelfleet.api.inference.InferenceQuery;
import io.modelfleet.api.inference.InferenceResult;
import io.modelfleet.api.inference.InferenceService;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.Role;

/** Results and failures from every edge, raw and aggregated per time bucket. */
@Component(service = InferenceResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/inference")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.VIEWER)
public final class InferenceResource {
    static final long DEFAULT_BUCKET_SECONDS = 60;
    static final double DEFAULT_LOW_CONFIDENCE = 0.5;

    private final InferenceService inference;

    @Activate
    public InferenceResource(@Reference InferenceService inference) {
        this.inference = inference;
    }

    @GET
    @Path("results")
    public Page<InferenceResult> results(@QueryParam("edgeId") String edgeId,
            @QueryParam("modelVersion") String modelVersion, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        return inference.results(query(edgeId, modelVersion, from, to, limit, offset));
    }

    @GET
    @Path("events")
    public Page<EdgeEvent> events(@QueryParam("edgeId") String edgeId,
            @QueryParam("modelVersion") String modelVersion, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        return inference.events(query(edgeId, modelVersion, from, to, limit, offset));
    }

    private static InferenceQuery query(String edgeId, String modelVersion, String from, String to, String limit,
            String offset) {
        return new InferenceQuery(Params.optId("edgeId", edgeId), blankToNull(modelVersion),
                Params.optInstant("from", from), Params.optInstant("to", to),
                PageRequest.of(Params.optInt("limit", limit), Params.optLong("offset", offset)));
    }

    @GET
    @Path("aggregates")
    public List<InferenceBucket> aggregates(@QueryParam("edgeId") String edgeId,
            @QueryParam("modelVersion") String modelVersion, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("bucketSeconds") String bucketSeconds,
            @QueryParam("lowConfidenceBelow") String lowConfidenceBelow) {
        Long bucket = Params.optLong("bucketSeconds", bucketSeconds);
        Double threshold = Params.optScore("lowConfidenceBelow", lowConfidenceBelow);
        Instant fromInstant = Params.optInstant("from", from);
        Instant toInstant = Params.optInstant("to", to);
        return inference.aggregate(new AggregateQuery(Params.optId("edgeId", edgeId), blankToNull(modelVersion),
                fromInstant, toInstant, bucket == null ? DEFAULT_BUCKET_SECONDS : bucket,
                threshold == null ? DEFAULT_LOW_CONFIDENCE : threshold));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
