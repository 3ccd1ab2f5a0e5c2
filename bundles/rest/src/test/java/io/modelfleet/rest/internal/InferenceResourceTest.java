package io.modelfleet.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.inference.InferenceSample;
import io.modelfleet.api.inference.InferenceService;
import io.modelfleet.api.inference.SampleQuery;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.security.Role;

/** {@code GET /api/v1/inference/samples}: its query, its bounds and what the JSON looks like. */
class InferenceResourceTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final String FRAME = "{\"image\":{\"mediaType\":\"image/png\",\"base64\":\"iVBORw0KGgo=\"}}";

    private final List<SampleQuery> queries = new ArrayList<>();
    private final List<InferenceSample> stored = List.of(
            new InferenceSample(7, 42, T0.plusSeconds(2), "digits:v1.0", "3", 0.91, FRAME),
            new InferenceSample(7, 41, T0, null, null, null, "{\"features\":[[0.5,1.5]]}"));
    private final InferenceResource resource = new InferenceResource(service());

    @Test
    void asksForTheNewestSamplesOfTheEdge() {
        List<InferenceResource.Sample> samples = resource.samples("7", "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z", "5");
        SampleQuery query = queries.get(0);
        assertEquals(List.of(7L), query.edgeIds());
        assertTrue(query.newestFirst(), "newest first");
        assertEquals(5, query.limit());
        assertEquals(Instant.parse("2026-11-23T00:00:00Z"), query.from());
        assertEquals(Instant.parse("2026-11-24T00:00:00Z"), query.to());
        assertNull(query.label());
        assertEquals(List.of(42L, 41L), samples.stream().map(InferenceResource.Sample::seq).toList(), "in the store's order");

        resource.samples(null, null, null, null);
        assertEquals(List.of(), queries.get(1).edgeIds(), "no edge: every edge");
        assertEquals(InferenceResource.DEFAULT_SAMPLES, queries.get(1).limit());
        resource.samples(" 7 ", null, null, String.valueOf(InferenceResource.MAX_SAMPLES));
        assertEquals(InferenceResource.MAX_SAMPLES, queries.get(2).limit());
    }

    @Test
    void badValuesAre400sThatNameTheParameter() {
        for (String limit : List.of("0", "-1", String.valueOf(InferenceResource.MAX_SAMPLES + 1), "1000", "x", "1.5",
                "99999999999", "１２")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> resource.samples("7", null, null, limit),
                    "limit=" + limit);
            assertEquals(400, e.httpStatus());
            assertTrue(e.detail().startsWith("limit "), e.detail());
        }
        for (String edgeId : List.of("0", "-3", "camera-1")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> resource.samples(edgeId, null, null, null));
            assertTrue(e.detail().startsWith("edgeId "), e.detail());
        }
        assertThrows(InvalidInputException.class, () -> resource.samples("7", "yesterday", null, null));
        assertThrows(InvalidInputException.class,
                () -> resource.samples("7", "2026-11-24T00:00:00Z", "2026-11-23T00:00:00Z", null), "from after to");
        assertTrue(queries.isEmpty(), "nothing was asked of the service");
    }

    @Test
    void theSampleIsTheJsonObjectTheEdgeSent() throws Exception {
        JsonNode json = Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(resource.samples("7", null, null, null)));
        JsonNode frame = json.get(0);
        assertEquals(7, frame.get("edgeId").asLong());
        assertEquals(42, frame.get("seq").asLong());
        assertEquals("2026-11-23T10:00:02Z", frame.get("time").asText());
        assertEquals("digits:v1.0", frame.get("modelVersion").asText());
        assertEquals("3", frame.get("label").asText());
        assertEquals(0.91, frame.get("score").asDouble());
        assertTrue(frame.get("sample").isObject(), "an object, not a string holding JSON");
        assertEquals("image/png", frame.at("/sample/image/mediaType").asText());
        assertEquals("iVBORw0KGgo=", frame.at("/sample/image/base64").asText());
        JsonNode tabular = json.get(1);
        assertTrue(tabular.get("label").isNull());
        assertTrue(tabular.get("score").isNull());
        assertEquals(1.5, tabular.at("/sample/features/0/1").asDouble());
        assertFalse(json.has(2));
    }

    @Test
    void viewersMayReadSamples() {
        assertEquals(Role.VIEWER, InferenceResource.class.getAnnotation(RequiresRole.class).value());
    }

    private InferenceService service() {
        return (InferenceService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { InferenceService.class },
                (proxy, method, args) -> {
                    if (!method.getName().equals("samples")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    SampleQuery query = (SampleQuery) args[0];
                    queries.add(query);
                    @SuppressWarnings("unchecked")
                    Consumer<InferenceSample> consumer = (Consumer<InferenceSample>) args[1];
                    stored.stream().limit(query.limit()).forEach(consumer);
                    return null;
                });
    }
}
