package io.modelfleet.rest.internal;

import java.time.Instant;
import java.util.ArrayList;
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

import com.fasterxml.jackson.annotation.JsonRawValue;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.Page;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.inference.AggregateQuery;
import io.modelfleet.api.inference.EdgeEvent;
import io.modelfleet.api.inference.InferenceBucket;
import io.modelfleet.api.inference.InferenceQuery;
import io.modelfleet.api.inference.InferenceResult;
import io.modelfleet.api.inference.InferenceSample;
import io.modelfleet.api.inference.InferenceService;
import io.modelfleet.api.inference.SampleQuery;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.Role;

/** Results and failures from every edge, raw and aggregated per time bucket, and the inputs edges sampled. */
@Component(service = InferenceResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/inference")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.VIEWER)
public final class InferenceResource {
    static final long DEFAULT_BUCKET_SECONDS = 60;
    static final double DEFAULT_LOW_CONFIDENCE = 0.5;
    static final int DEFAULT_SAMPLES = 12;
    /** A sample may be 1 MiB of JSON (an image as base64), so a page of them is kept small. */
    static final int MAX_SAMPLES = 50;

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

    /** The newest samples (inputs with the prediction they got), e.g. an edge's recent camera frames. */
    @GET
    @Path("samples")
    public List<Sample> samples(@QueryParam("edgeId") String edgeId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("limit") String limit) {
        Integer parsed = Params.optInt("limit", limit);
        int count = parsed == null ? DEFAULT_SAMPLES : parsed;
        if (count < 1 || count > MAX_SAMPLES) {
            throw new InvalidInputException("limit must be between 1 and " + MAX_SAMPLES + ", was " + count);
        }
        Long edge = Params.optId("edgeId", edgeId);
        SampleQuery query = new SampleQuery(edge == null ? List.of() : List.of(edge), Params.optInstant("from", from),
                Params.optInstant("to", to), null, null, null, count, true);
        List<Sample> samples = new ArrayList<>(count);
        inference.samples(query, sample -> samples.add(Sample.of(sample)));
        return samples;
    }

    /**
     * A stored sample as the API shows it. The input is written as stored: the server wrote it as JSON when the
     * result arrived, and parsing up to a megabyte per sample again on every poll would buy nothing.
     */
    public record Sample(long edgeId, long seq, Instant time, String modelVersion, String label, Double score,
            @JsonRawValue String sample) {
        static Sample of(InferenceSample s) {
            return new Sample(s.edgeId(), s.seq(), s.time(), s.modelVersion(), s.label(), s.score(), s.inputJson());
        }
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
