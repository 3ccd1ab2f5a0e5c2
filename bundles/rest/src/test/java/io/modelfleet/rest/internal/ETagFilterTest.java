package io.modelfleet.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ETagFilterTest {

    @Test
    void etagsFollowTheContent() {
        String a = ETagFilter.etag("{\"total\":1}".getBytes(StandardCharsets.UTF_8));
        assertEquals(a, ETagFilter.etag("{\"total\":1}".getBytes(StandardCharsets.UTF_8)));
        assertNotEquals(a, ETagFilter.etag("{\"total\":2}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(24, a.length());
        assertTrue(a.startsWith("\"") && a.endsWith("\""));
    }

    @Test
    void ifNoneMatchAcceptsListsWeakFormsAndStar() {
        String tag = "\"abc\"";
        assertTrue(ETagFilter.matches("\"abc\"", tag));
        assertTrue(ETagFilter.matches("\"x\", \"abc\"", tag));
        assertTrue(ETagFilter.matches("W/\"abc\"", tag));
        assertTrue(ETagFilter.matches("*", tag));
        assertFalse(ETagFilter.matches("\"abd\"", tag));
    }
}
