package io.modelfleet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.Page;
import io.modelfleet.api.edge.ConnectionState;
import io.modelfleet.api.edge.DeviceInfo;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeQuery;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.FleetService;
import io.modelfleet.api.edge.InferenceStatus;

class EdgeLookupTest {
    private final List<EdgeQuery> queries = new ArrayList<>();

    /** A fleet whose search, like the real one, matches substrings of names. */
    private FleetService fleet(List<Edge> edges) {
        return (FleetService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { FleetService.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "getEdge" -> edges.stream().filter(e -> e.id() == (long) args[0]).findFirst()
                            .orElseThrow(() -> new NotFoundException("edge " + args[0] + " does not exist"));
                    case "listEdges" -> {
                        EdgeQuery query = (EdgeQuery) args[0];
                        queries.add(query);
                        List<Edge> matches = edges.stream().filter(e -> e.name().contains(query.search())).toList();
                        int from = (int) Math.min(query.page().offset(), matches.size());
                        int to = Math.min(from + query.page().limit(), matches.size());
                        yield new Page<>(matches.subList(from, to), matches.size(), query.page().limit(),
                                query.page().offset());
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Edge edge(long id, String name) {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        return new Edge(id, name, null, null, Map.of(), EdgeState.PENDING, ConnectionState.OFFLINE,
                InferenceStatus.NO_MODEL, DeviceInfo.UNKNOWN, null, null, now, now, "admin", "admin");
    }

    @Test
    void byId() {
        assertEquals("camera-1", EdgeLookup.find(fleet(List.of(edge(7, "camera-1"))), "7").name());
        assertEquals(List.of(), queries);
    }

    @Test
    void byExactNameNotSubstring() {
        FleetService fleet = fleet(List.of(edge(1, "camera-10"), edge(2, "camera-1"), edge(3, "camera-11")));
        assertEquals(2, EdgeLookup.find(fleet, "camera-1").id());
    }

    @Test
    void digitsThatAreNoIdAreTriedAsName() {
        assertEquals(5, EdgeLookup.find(fleet(List.of(edge(5, "2024"))), "2024").id());
    }

    @Test
    void idWinsOverAnEqualName() {
        assertEquals(5, EdgeLookup.find(fleet(List.of(edge(5, "x"), edge(6, "5"))), "5").id());
    }

    @Test
    void nameFoundBeyondTheFirstPage() {
        List<Edge> edges = new ArrayList<>(LongStream.rangeClosed(1, 2500).mapToObj(i -> edge(i, "cam-" + i)).toList());
        edges.add(edge(9999, "cam-"));
        assertEquals(9999, EdgeLookup.find(fleet(edges), "cam-").id());
        assertEquals(3, queries.size());
    }

    @Test
    void unknownIdOrName() {
        FleetService fleet = fleet(List.of(edge(1, "camera-1")));
        assertEquals("no edge has the id or name '99'",
                assertThrows(NotFoundException.class, () -> EdgeLookup.find(fleet, "99")).detail());
        assertEquals("no edge has the id or name 'camera'",
                assertThrows(NotFoundException.class, () -> EdgeLookup.find(fleet, "camera")).detail());
    }

    @Test
    void overlongNameIsNotFoundRatherThanAnInvalidSearch() {
        String name = "n".repeat(500);
        assertThrows(NotFoundException.class, () -> EdgeLookup.find(fleet(List.of(edge(1, "camera-1"))), name));
        assertEquals(List.of(), queries);
    }
}
