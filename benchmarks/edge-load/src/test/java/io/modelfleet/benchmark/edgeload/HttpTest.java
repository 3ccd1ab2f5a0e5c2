package io.modelfleet.benchmark.edgeload;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HttpTest {

    @Test
    void retryAfterAsSecondsOrDate() {
        assertEquals(2000, Http.retryAfterMillis("2"));
        assertEquals(500, Http.retryAfterMillis("0.5"));
        assertEquals(Http.DEFAULT_WAIT_MILLIS, Http.retryAfterMillis(null));
        assertEquals(Http.DEFAULT_WAIT_MILLIS, Http.retryAfterMillis("soon"));
        assertEquals(Http.MAX_WAIT_MILLIS, Http.retryAfterMillis("3600"));
        assertEquals(0, Http.retryAfterMillis("-5"));
        assertEquals(0, Http.retryAfterMillis("Wed, 21 Oct 2015 07:28:00 GMT")); // in the past
    }
}
