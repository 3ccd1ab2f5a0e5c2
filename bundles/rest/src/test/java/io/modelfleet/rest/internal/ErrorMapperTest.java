package io.modelfleet.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeoutException;

import javax.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.TooManyRequestsException;

class ErrorMapperTest {
    private final ErrorMapper mapper = new ErrorMapper();

    private static String error(Response response) {
        return ((Errors.Body) response.getEntity()).error();
    }

    @Test
    void noFreeDatabaseConnectionIsA503WithRetryAfter() {
        // as MyBatis hands it on: the pool's timeout wrapped in its own exception
        Response busy = mapper.toResponse(new RuntimeException("Error querying database",
                new SQLTransientConnectionException("modelfleet - Connection is not available, request timed out")));
        assertEquals(503, busy.getStatus());
        assertEquals("busy", error(busy));
        assertEquals("1", String.valueOf(busy.getHeaderString("Retry-After")));
        Response away = mapper.toResponse(new RuntimeException(new SQLNonTransientConnectionException("refused")));
        assertEquals(503, away.getStatus());
        assertEquals("database_unavailable", error(away));
    }

    @Test
    void aStalledBodyIs408AndAnEndedOneIs400() {
        Response stalled = mapper.toResponse(new IOException(new TimeoutException("Idle timeout expired: 30000/30000 ms")));
        assertEquals(408, stalled.getStatus());
        Response ended = mapper.toResponse(new IOException(new java.io.EOFException("Early EOF")));
        assertEquals(400, ended.getStatus());
    }

    @Test
    void throttlingAndAdmissionSayWhenToComeBack() {
        Response throttled = mapper.toResponse(new TooManyRequestsException("slow down", 7));
        assertEquals(429, throttled.getStatus());
        assertEquals("7", throttled.getHeaderString("Retry-After"));
        Response busy = mapper.toResponse(ServiceUnavailableException.busy("full"));
        assertEquals(503, busy.getStatus());
        assertEquals("1", busy.getHeaderString("Retry-After"));
    }
}
