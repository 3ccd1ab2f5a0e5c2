package io.modelfleet.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.ModelFleetException;
import io.modelfleet.api.PayloadTooLargeException;
import io.modelfleet.api.inference.InferenceService;
import io.modelfleet.api.inference.IngestReply;
import io.modelfleet.api.inference.ReportedResult;
import io.modelfleet.api.metrics.Metrics;
import io.modelfleet.api.security.Caller;
import io.modelfleet.core.internal.InferenceServiceImpl;
import io.modelfleet.edge.gateway.internal.EdgeProtocolResource;
import io.modelfleet.persistence.InferenceStore;

/**
 * What the server does with a {@code POST /api/v1/edge/results} body, short of the database: the JSON provider reads
 * it ({@link JsonProvider}, {@link Json}), the edge gateway's resource takes it and the inference service checks the
 * batch. Every body either reaches the store as results that satisfy every documented rule (seq, time, text lengths,
 * scores and probabilities in [0, 1], at most 1000 per batch), or is refused as a whole with a 400 or 413 whose
 * message speaks JSON, not Java, and nothing is stored.
 */
class EdgeResultsFuzzTest {
    private static final List<String> NUMBERS = List.of("0", "1", "-1", "0.5", "1.0", "1e400", "-1e400", "1e-400",
            "9223372036854775807", "9223372036854775808", "-0", "2.5e1", "1E2", "86400000", "86400000.5", "\"0.5\"",
            "true", "null", "[]", "{}");
    private static final List<String> TIMES = List.of("\"2026-11-23T10:00:00Z\"", "\"2026-11-23T10:00:00+02:00\"",
            "\" 2026-11-23T10:00:00.123456789Z \"", "\"2026-11-23\"", "\"0\"", "0", "null", "\"+1000000000-01-01T00:00:00Z\"",
            "\"2026-13-01T00:00:00Z\"");
    private static final List<String> FIELDS = List.of("seq", "time", "modelVersion", "stream", "label", "score",
            "probabilities", "latencyMs", "inputRef", "sample", "colour");
    private static final Type RESULTS;

    static {
        try {
            RESULTS = EdgeResultsFuzzTest.class.getDeclaredField("resultList").getGenericType();
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    List<ReportedResult> resultList;

    @FuzzTest(maxExecutions = 15_000, maxDuration = "4s")
    void storedValidOrRefusedWhole(FuzzedDataProvider data) throws Exception {
        String body = data.consumeBoolean() ? batch(data) : data.consumeRemainingAsString();
        List<List<ReportedResult>> stored = new ArrayList<>();
        InferenceService inference = new InferenceServiceImpl(store(stored), metrics());
        EdgeProtocolResource resource = new EdgeProtocolResource(null, inference, null, null, null);
        IngestReply reply;
        List<ReportedResult> results;
        try {
            @SuppressWarnings({ "unchecked", "rawtypes" })
            List<ReportedResult> read = (List<ReportedResult>) new JsonProvider().readFrom((Class) List.class,
                    RESULTS, new Annotation[0], MediaType.APPLICATION_JSON_TYPE, null,
                    new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
            results = read;
            reply = resource.results(results, approvedEdge());
        } catch (InvalidInputException | PayloadTooLargeException e) {
            assertTrue(stored.isEmpty(), "a refused batch stores nothing");
            assertNotNull(e.detail());
            // an echoed value cut short ends in "...", which could turn an input's "javax" into "java..."
            String detail = e.detail().replace("...", "");
            for (String marker : List.of("java.", "javax.", "com.fasterxml", "jackson", "Jackson", "io.modelfleet",
                    "Exception", "ReportedResult", "`")) {
                if (detail.contains(marker) && !body.contains(marker)) {
                    fail("the message names Java: " + e.detail());
                }
            }
            return;
        } catch (ModelFleetException e) {
            fail(e.httpStatus() + " " + e.detail());
            return;
        }
        assertTrue(results.size() <= InferenceService.MAX_BATCH);
        assertEquals(results.size(), reply.accepted() + reply.duplicates());
        if (!results.isEmpty()) {
            assertEquals(List.of(results), stored);
        }
        for (ReportedResult r : results) {
            assertNotNull(r);
            assertTrue(r.seq() >= 0);
            assertNotNull(r.time());
            assertTrue(r.modelVersion() == null || r.modelVersion().length() <= 64);
            assertTrue(r.stream() == null || r.stream().length() <= 128);
            assertTrue(r.label() == null || r.label().length() <= ReportedResult.MAX_LABEL);
            assertTrue(r.inputRef() == null || r.inputRef().length() <= 512);
            assertTrue(r.score() == null || r.score() >= 0 && r.score() <= 1, "score " + r.score());
            assertTrue(r.latencyMs() == null || r.latencyMs() >= 0 && r.latencyMs() <= 86_400_000.0);
            if (r.sample() != null) {
                assertFinite(r.sample());
            }
            if (r.probabilities() != null) {
                assertTrue(r.probabilities().size() <= ReportedResult.MAX_PROBABILITIES);
                r.probabilities().forEach((label, p) -> assertTrue(p >= 0 && p <= 1, label + "=" + p));
            }
        }
    }

    /** Bodies may not carry infinities: 1e400 in JSON is a finite-looking number that parses as infinity. */
    private static void assertFinite(Object value) {
        if (value instanceof Number number) {
            assertTrue(Double.isFinite(number.doubleValue()), "a sample holds " + number);
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(EdgeResultsFuzzTest::assertFinite);
        } else if (value instanceof List<?> list) {
            list.forEach(EdgeResultsFuzzTest::assertFinite);
        }
    }

    /** A JSON array of result objects, fields present or not, values right, wrong and at the limits. */
    private static String batch(FuzzedDataProvider data) {
        StringBuilder json = new StringBuilder("[");
        int items = data.consumeInt(0, 3);
        for (int i = 0; i < items; i++) {
            json.append(i == 0 ? "" : ",").append(data.consumeInt(0, 15) == 0 ? "null" : item(data));
        }
        json.append(']');
        if (data.consumeInt(0, 30) == 0) { // over the batch limit
            String one = "{\"seq\":1,\"time\":\"2026-11-23T10:00:00Z\"}";
            return "[" + String.join(",", java.util.Collections.nCopies(InferenceService.MAX_BATCH + 1, one)) + "]";
        }
        return json.toString();
    }

    private static String item(FuzzedDataProvider data) {
        StringBuilder json = new StringBuilder("{");
        boolean first = true;
        for (String field : FIELDS) {
            boolean wanted = field.equals("seq") || field.equals("time") ? data.consumeInt(0, 7) != 0 : data.consumeInt(0, 3) == 0;
            if (!wanted) {
                continue;
            }
            json.append(first ? "" : ",").append('"').append(field).append("\":");
            first = false;
            switch (field) {
                case "seq" -> json.append(data.consumeBoolean() ? Long.toString(data.consumeLong(-2, 1L << 40)) : data.pickValue(NUMBERS));
                case "time" -> json.append(data.pickValue(TIMES));
                case "score", "latencyMs" -> json.append(data.consumeBoolean() ? Double.toString(data.consumeDouble())
                        : data.pickValue(NUMBERS));
                case "probabilities" -> {
                    json.append('{');
                    int entries = data.consumeInt(0, 3);
                    for (int e = 0; e < entries; e++) {
                        json.append(e == 0 ? "" : ",").append(string(data, 4)).append(':').append(data.pickValue(NUMBERS));
                    }
                    json.append('}');
                }
                case "sample" -> json.append(data.pickValue(List.of("{\"x\":[[0.1,2]]}", "{\"x\":1e400}", "[1]", "\"s\"",
                        "{\"a\":{\"b\":[null,true,-0.0]}}", "null")));
                default -> json.append(data.consumeInt(0, 5) == 0 ? data.pickValue(NUMBERS)
                        : string(data, data.pickValue(List.of(0, 3, 64, 65, 128, 129, 256, 257, 512, 513))));
            }
        }
        return json.append('}').toString();
    }

    /** A JSON string of {@code length} characters, now and then with escapes. */
    private static String string(FuzzedDataProvider data, int length) {
        String text = data.consumeString(Math.min(length, 8));
        StringBuilder padded = new StringBuilder(text);
        while (padded.length() < length) {
            padded.append('x');
        }
        return quote(padded.toString());
    }

    private static String quote(String text) {
        try {
            return Json.MAPPER.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The database's part: INSERT IGNORE on (edge, seq), so a seq seen before is a duplicate. */
    private static InferenceStore store(List<List<ReportedResult>> stored) {
        Set<Long> seen = new HashSet<>();
        return (InferenceStore) Proxy.newProxyInstance(EdgeResultsFuzzTest.class.getClassLoader(),
                new Class<?>[] { InferenceStore.class }, (proxy, method, args) -> {
                    if (!method.getName().equals("insertResults")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    @SuppressWarnings("unchecked")
                    List<ReportedResult> batch = (List<ReportedResult>) args[1];
                    stored.add(batch);
                    return (int) batch.stream().filter(r -> seen.add(r.seq())).count();
                });
    }

    private static Metrics metrics() {
        return (Metrics) Proxy.newProxyInstance(EdgeResultsFuzzTest.class.getClassLoader(), new Class<?>[] { Metrics.class },
                (proxy, method, args) -> null);
    }

    private static SecurityContext approvedEdge() {
        return (SecurityContext) Proxy.newProxyInstance(EdgeResultsFuzzTest.class.getClassLoader(),
                new Class<?>[] { SecurityContext.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getUserPrincipal" -> Caller.edge(7);
                    case "isUserInRole" -> "APPROVED".equals(args[0]);
                    default -> null;
                });
    }
}
