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

class JsonProviderTest {
    private final JsonProvider provider = new JsonProvider();

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private Object read(Class<?> type, Type generic, String json) throws Exception {
        return provider.readFrom((Class) type, generic, new java.lang.annotation.Annotation[0],
                MediaType.APPLICATION_JSON_TYPE, null, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
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
}
