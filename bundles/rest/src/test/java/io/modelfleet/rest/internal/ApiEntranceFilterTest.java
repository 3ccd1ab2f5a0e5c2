package io.modelfleet.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ApiEntranceFilterTest {

    @Test
    void findsTheCharsetParameterHoweverItIsWritten() {
        assertNull(ApiEntranceFilter.charset(null));
        assertNull(ApiEntranceFilter.charset("application/json"));
        assertEquals("utf-8", ApiEntranceFilter.charset("application/json; charset=UTF-8"));
        assertEquals("nonsense", ApiEntranceFilter.charset("application/json;CHARSET=\"Nonsense\""));
        assertEquals("utf-16le", ApiEntranceFilter.charset("multipart/form-data; boundary=b; charset = utf-16le"));
        assertEquals("", ApiEntranceFilter.charset("application/json; charset="));
    }
}
