package io.modelfleet.rest.internal;

import static io.modelfleet.rest.internal.RestCalls.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.modelfleet.api.Page;
import io.modelfleet.api.edge.EdgeQuery;
import io.modelfleet.api.edge.FleetService;
import io.modelfleet.rest.internal.RestCalls.Answer;

/** {@code GET /edges?tag=}: the one tag syntax, {@code key} or {@code key=value} ({@code key:value} as before). */
class EdgeTagFilterTest {
    private final List<EdgeQuery> queries = new ArrayList<>();
    private final EdgeResource resource = new EdgeResource((FleetService) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] { FleetService.class }, (proxy, method, args) -> {
                if (method.getName().equals("listEdges")) {
                    queries.add((EdgeQuery) args[0]);
                    return new Page<>(List.of(), 0, 50, 0);
                }
                throw new UnsupportedOperationException(method.getName());
            }), null, null);

    private Answer list(String tag) throws Exception {
        return answer(() -> resource.list(null, null, tag, null, null, null));
    }

    @ParameterizedTest
    @CsvSource({ "line=3, line, 3", "line:3, line, 3", "outdoor, outdoor,", "site=, site, ''",
            "url:http://x:8080/?a=b, url, http://x:8080/?a=b" })
    void keyOrKeyAndValue(String tag, String key, String value) throws Exception {
        assertEquals(200, list(tag).status());
        assertEquals(key, queries.get(0).tagKey());
        assertEquals(value, queries.get(0).tagValue());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " " })
    void blankIsNoFilter(String tag) throws Exception {
        assertEquals(200, list(tag).status());
        assertNull(queries.get(0).tagKey());
        assertEquals(200, list(null).status());
        assertNull(queries.get(1).tagKey());
    }

    @ParameterizedTest
    @ValueSource(strings = { "=3", ":3", "my site=3" })
    void aTagWithoutAValidKeyIsABadRequest(String tag) throws Exception {
        Answer answer = list(tag);
        assertEquals(400, answer.status(), answer.json()::toString);
        assertTrue(answer.detail().startsWith("tag"), answer.detail());
        assertEquals(List.of(), queries);
    }
}
