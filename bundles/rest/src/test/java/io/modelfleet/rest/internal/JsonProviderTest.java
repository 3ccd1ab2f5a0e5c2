package io.modelfleet.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.ws.rs.core.MediaType;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.PayloadTooLargeException;
import io.modelfleet.api.edge.EdgeUpdate;
import io.modelfleet.api.inference.ReportedResult;

@SuppressWarnings({ "unchecked", "rawtypes" })
class JsonProviderTest {
    private final JsonProvider provider = new JsonProvider();

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private Object read(Class<?> type, Type generic, String json) throws Exception {
        return provider.readFrom((Class) type, generic, new java.lang.annotation.Annotation[0],
                MediaType.APPLICATION_JSON_TYPE, null, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void onlyUtf8BodiesAreRead() {
        // UTF-16 without a byte order mark: Jackson would recognise it by its zero bytes and read it
        InvalidInputException utf16 = assertThrows(InvalidInputException.class, () -> provider.readFrom(
                (Class) EdgeUpdate.class, EdgeUpdate.class, new java.lang.annotation.Annotation[0],
                MediaType.APPLICATION_JSON_TYPE, null,
                new ByteArrayInputStream("{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_16LE))));
        assertEquals("the body is not JSON text in UTF-8", utf16.detail());
        InvalidInputException marked = assertThrows(InvalidInputException.class, () -> provider.readFrom(
                (Class) EdgeUpdate.class, EdgeUpdate.class, new java.lang.annotation.Annotation[0],
                MediaType.APPLICATION_JSON_TYPE, null,
                new ByteArrayInputStream("{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_16))));
        assertEquals("the body is not JSON text in UTF-8", marked.detail());
    }

    @Test
    void aBodyThatStopsShortSaysSoWithoutParserInternals() {
        for (String cut : List.of("{", "{\"name\":\"a\"", "[", "{\"name\":\"ab")) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> read(EdgeUpdate.class, EdgeUpdate.class, cut));
            assertTrue(e.detail().startsWith("malformed JSON: the text ends before the JSON value is complete")
                    || e.detail().equals("the body must be an object"), cut + " -> " + e.detail());
            assertTrue(!e.detail().contains("Source") && !e.detail().contains("marker")
                    && !e.detail().contains("VALUE_"), e.detail());
        }
    }

    @Test
    void aStreamTargetIsWrittenAsItIsRead() throws Exception {
        String written = Json.MAPPER.writeValueAsString(new io.modelfleet.api.stream.StreamTarget(List.of(3L), "site", "a"));
        assertEquals("{\"edgeIds\":[3],\"tagKey\":\"site\",\"tagValue\":\"a\"}", written);
        assertEquals(new io.modelfleet.api.stream.StreamTarget(List.of(3L), "site", "a"),
                read(io.modelfleet.api.stream.StreamTarget.class, io.modelfleet.api.stream.StreamTarget.class, written));
        InvalidInputException negative = assertThrows(InvalidInputException.class,
                () -> read(io.modelfleet.api.stream.StreamTarget.class, io.modelfleet.api.stream.StreamTarget.class,
                        "{\"edgeIds\":[-1]}"));
        assertTrue(negative.detail().contains("target.edgeIds"), negative.detail());
    }

    @Test
    void unknownFieldsAreNamed() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> read(EdgeUpdate.class, EdgeUpdate.class, "{\"name\":\"a\",\"colour\":\"red\"}"));
        assertTrue(e.detail().startsWith("unknown field 'colour'"), e.detail());
    }

    @Test
    void malformedJsonIsInvalidInput() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> read(EdgeUpdate.class, EdgeUpdate.class, "{\"name\":"));
        assertTrue(e.detail().contains("JSON"), e.detail());
    }

    @Test
    void validationInsideRecordsKeepsItsMessage() {
        String tooLong = "x".repeat(EdgeUpdate.MAX_LOCATION + 1);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> read(EdgeUpdate.class, EdgeUpdate.class, "{\"location\":\"" + tooLong + "\"}"));
        assertEquals("location is 257 characters long; the limit is 256", e.detail());
    }

    @Test
    void missingSeqIsRejected() throws Exception {
        Type listOfResults = JsonProviderTest.class.getDeclaredField("resultList").getGenericType();
        assertThrows(InvalidInputException.class,
                () -> read(List.class, listOfResults, "[{\"time\":\"2026-01-01T00:00:00Z\"}]"));
        @SuppressWarnings("unchecked")
        List<ReportedResult> ok = (List<ReportedResult>) read(List.class, listOfResults,
                "[{\"seq\":3,\"time\":\"2026-01-01T00:00:00Z\",\"score\":0.25}]");
        assertEquals(3, ok.get(0).seq());
        assertEquals(0.25, ok.get(0).score());
    }

    List<ReportedResult> resultList;

    @Test
    void bodiesOverTheLimitAreRefused() {
        StringBuilder big = new StringBuilder("{\"description\":\"");
        big.append("a".repeat(JsonProvider.MAX_BODY_BYTES));
        big.append("\"}");
        assertThrows(PayloadTooLargeException.class, () -> read(EdgeUpdate.class, EdgeUpdate.class, big.toString()));
    }

    @Test
    void emptyBodyIsInvalidInput() {
        assertThrows(InvalidInputException.class, () -> read(EdgeUpdate.class, EdgeUpdate.class, ""));
    }

    /** Each of these bodies is wrong; the answer names the field and the JSON type, never a Java type. */
    @Test
    void errorsSpeakTheApisTermsAndRefuseLenientCoercions() throws Exception {
        Type results = JsonProviderTest.class.getDeclaredField("resultList").getGenericType();
        String[][] cases = {
                // body, field the message must name, words it must contain
                { "{\"maxUses\":1.5}", "maxUses", "whole number" },
                { "{\"ttlSeconds\":\"60\"}", "ttlSeconds", "whole number" },
                { "{\"maxUses\":true}", "maxUses", "whole number" },
                { "{\"description\":5}", "description", "string" },
                { "{\"description\":{\"a\":1}}", "description", "string" },
                { "{\"maxUses\":NaN}", "", "NaN" },
                { "{\"maxUses\":", "", "malformed JSON" },
                { "[1,2]", "the body", "object" },
                { "\"text\"", "the body", "object" },
                { "{\"maxUses\":1}}", "", "JSON" },
                { "{\"maxUses\":" + "9".repeat(2000) + "}", "", "too long" }, };
        for (String[] c : cases) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> read(io.modelfleet.api.edge.TokenRequest.class, io.modelfleet.api.edge.TokenRequest.class, c[0]),
                    c[0]);
            assertApiTerms(e.detail(), c[1], c[2]);
        }
        String[][] resultCases = {
                { "[{\"seq\":1,\"time\":\"0\"}]", "[0].time", "ISO-8601" },
                { "[{\"seq\":1,\"time\":0}]", "[0].time", "ISO-8601" },
                { "[{\"seq\":1,\"time\":\"2026-01-01T00:00:00Z\",\"score\":1e400}]", "[0].score", "finite" },
                { "[{\"seq\":1,\"time\":\"2026-01-01T00:00:00Z\",\"score\":\"0.5\"}]", "[0].score", "number" },
                { "[{\"seq\":1,\"time\":\"2026-01-01T00:00:00Z\",\"probabilities\":{\"a\":-1e999}}]",
                        "[0].probabilities.a", "finite" },
                { "[{\"seq\":\"1\",\"time\":\"2026-01-01T00:00:00Z\"}]", "[0].seq", "whole number" },
                { "[{\"seq\":1.0,\"time\":\"2026-01-01T00:00:00Z\"}]", "[0].seq", "whole number" },
                { "[{\"seq\":1,\"time\":\"2026-01-01T00:00:00Z\",\"sample\":{\"f\":[[1e400,0.5]]}}]", "[0].sample", "finite" }, };
        for (String[] c : resultCases) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(List.class, results, c[0]),
                    c[0]);
            assertApiTerms(e.detail(), c[1], c[2]);
        }
    }

    private static void assertApiTerms(String detail, String field, String words) {
        assertTrue(detail.contains(field) && detail.contains(words), detail);
        for (String internal : new String[] { "io.modelfleet", "java.", "com.fasterxml", "Jackson", "JsonReadFeature",
                "StreamReadConstraints", "Cannot deserialize", "`", "Integer", "Long", "Double", "Instant" }) {
            assertTrue(!detail.contains(internal), "'" + internal + "' in: " + detail);
        }
    }

    @Test
    @SuppressWarnings({ "unchecked", "rawtypes" })
    void bytesThatAreNotUtf8JsonAreInvalidInput() {
        // Jackson takes these for UTF-32 (a fuzzing finding: it was a 500)
        byte[] body = { 0, 0, (byte) 0x80, 0, 0, 0x4b, 0x4b, 0, 0x31, 0x26 };
        assertThrows(InvalidInputException.class, () -> provider.readFrom((Class) List.class,
                JsonProviderTest.class.getDeclaredField("resultList").getGenericType(), new java.lang.annotation.Annotation[0],
                MediaType.APPLICATION_JSON_TYPE, null, new ByteArrayInputStream(body)));
    }

    @Test
    void isoInstantsWithOffsetsAreTaken() throws Exception {
        Type results = JsonProviderTest.class.getDeclaredField("resultList").getGenericType();
        @SuppressWarnings("unchecked")
        List<ReportedResult> ok = (List<ReportedResult>) read(List.class, results,
                "[{\"seq\":1,\"time\":\"2026-01-01T02:00:00+02:00\",\"score\":1}]");
        assertEquals(java.time.Instant.parse("2026-01-01T00:00:00Z"), ok.get(0).time());
        assertEquals(1.0, ok.get(0).score());
    }

    /** What Instant.parse makes of the text, or null when it refuses it. */
    private static java.time.Instant parsedOrNull(String text) {
        try {
            return java.time.Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    @Test
    void theFastReadingOfUtcInstantsAgreesWithInstantParse() {
        java.util.Random random = new java.util.Random(16);
        long first = java.time.Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long last = java.time.Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        String digits = "0123456789";
        String alphabet = "0123456789-:.TZ+ x";
        int fast = 0;
        for (int i = 0; i < 100_000; i++) {
            java.time.Instant instant = java.time.Instant.ofEpochSecond(random.nextLong(first, last + 1),
                    random.nextInt(1_000_000_000));
            StringBuilder text = new StringBuilder(instant.toString().substring(0, 19));
            int fraction = random.nextInt(10);
            if (fraction > 0) {
                text.append('.');
                for (int f = 0; f < fraction; f++) {
                    text.append(digits.charAt(random.nextInt(10)));
                }
            }
            text.append('Z');
            String valid = text.toString();
            java.time.Instant read = Json.IsoInstant.parseUtc(valid);
            assertEquals(java.time.Instant.parse(valid), read, valid);
            // one character changed: read the same as Instant.parse, or left to it (null)
            text.setCharAt(random.nextInt(text.length()), alphabet.charAt(random.nextInt(alphabet.length())));
            String mutated = text.toString();
            java.time.Instant mutatedRead = Json.IsoInstant.parseUtc(mutated);
            if (mutatedRead != null) {
                fast++;
                assertEquals(parsedOrNull(mutated), mutatedRead, mutated);
            }
        }
        assertTrue(fast > 1_000, "mutations that stay valid are read fast too: " + fast);
        for (String text : List.of("2026-02-29T00:00:00Z", "2024-02-30T00:00:00Z", "2026-13-01T00:00:00Z",
                "2026-01-01T24:00:00Z", "2026-06-30T23:59:60Z", "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00.1234567890Z",
                "2026-01-01T00:00:00+02:00", "+2026-01-01T00:00:00Z", "2026-1-01T00:00:00Z")) {
            assertEquals(null, Json.IsoInstant.parseUtc(text), text + " is Instant.parse's to decide");
        }
        assertEquals(java.time.Instant.parse("2024-02-29T12:34:56.000000001Z"),
                Json.IsoInstant.parseUtc("2024-02-29T12:34:56.000000001Z"));
    }
}
