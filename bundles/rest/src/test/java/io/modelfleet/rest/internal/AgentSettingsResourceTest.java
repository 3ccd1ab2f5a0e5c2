package io.modelfleet.rest.internal;

import static io.modelfleet.rest.internal.RestCalls.ALICE;
import static io.modelfleet.rest.internal.RestCalls.answer;
import static io.modelfleet.rest.internal.RestCalls.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.agent.AgentUpdate;
import io.modelfleet.api.deployment.AgentSettings;
import io.modelfleet.api.deployment.DeploymentService;
import io.modelfleet.api.edge.FleetService;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.security.Role;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;
import io.modelfleet.rest.internal.RestCalls.Answer;

/**
 * Agent settings of the fleet ({@code /agent-settings}) and of one edge ({@code /edges/{id}/agent-settings}), and an
 * edge's agent updates: bodies read as the application reads them, errors as the client sees them.
 */
class AgentSettingsResourceTest {
    private static final long EDGE = InMemoryAgentReleases.EDGE;

    private final InMemoryAgentReleases store = new InMemoryAgentReleases();
    private final AgentSettingsResource fleet = new AgentSettingsResource(store.service());
    private final EdgeResource edges = new EdgeResource(unused(FleetService.class), unused(DeploymentService.class),
            store.service());

    private static <T> T unused(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(AgentSettingsResourceTest.class.getClassLoader(), new Class<?>[] { type },
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                }));
    }

    private Answer putFleet(String json) throws Exception {
        return answer(() -> fleet.set(body(AgentSettings.class, json), ALICE));
    }

    private Answer putEdge(String id, String json) throws Exception {
        return answer(() -> edges.setAgentSettings(id, body(AgentSettings.class, json), ALICE));
    }

    @Test
    void fleetSettingsAreShownSetAndCleared() throws Exception {
        Answer none = answer(fleet::get);
        assertEquals("{\"heartbeatSeconds\":null,\"pollSeconds\":null,\"updateHealthSeconds\":null}", none.json().toString(),
                "every field, null where unset, and nothing else: GET answers what PUT takes");
        Answer set = putFleet("{\"heartbeatSeconds\": 15, \"pollSeconds\": 30}");
        assertEquals(200, set.status());
        assertEquals("{\"heartbeatSeconds\":15,\"pollSeconds\":30,\"updateHealthSeconds\":null}", set.json().toString());
        assertEquals(set.json(), answer(fleet::get).json());
        assertEquals(204, answer(() -> fleet.clear(ALICE)).status());
        assertEquals(none.json(), answer(fleet::get).json());
        putFleet("{\"updateHealthSeconds\": 120}");
        assertEquals(none.json(), putFleet("{}").json(), "an empty body clears, like DELETE");
        assertEquals(List.of("fleet settings h15,p30 by alice", "fleet settings cleared by alice",
                "fleet settings u120 by alice", "fleet settings cleared by alice"), store.calls);
    }

    @Test
    void outOfRangeValuesAre400sNamingEachField() throws Exception {
        Answer refused = putFleet("{\"heartbeatSeconds\": 1, \"pollSeconds\": 3601, \"updateHealthSeconds\": 9}");
        assertEquals(400, refused.status());
        assertEquals("invalid_input", refused.error());
        assertTrue(refused.detail().startsWith("agent settings are out of range: heartbeatSeconds must be between 5 and "
                + "3600 seconds, was 1"), refused.detail());
        assertEquals(Map.of("heartbeatSeconds", "must be between 5 and 3600 seconds, was 1",
                "pollSeconds", "must be between 5 and 3600 seconds, was 3601",
                "updateHealthSeconds", "must be between 10 and 3600 seconds, was 9"),
                Json.MAPPER.convertValue(refused.json().get("fields"), Map.class));
        assertEquals(400, putEdge(Long.toString(EDGE), "{\"pollSeconds\": 0}").status());
        assertTrue(store.calls.isEmpty(), "nothing was stored");
    }

    @Test
    void malformedBodiesAre400sInTheApisTerms() throws Exception {
        Map<String, String> cases = Map.of(
                "{\"heartbeatSeconds\": \"15\"}", "heartbeatSeconds must be a whole number",
                "{\"heartbeatSeconds\": 1.5}", "heartbeatSeconds must be a whole number",
                "{\"heartbeat\": 15}", "unknown field 'heartbeat'",
                "[15]", "the body must be an object",
                "{\"pollSeconds\": 10", "malformed JSON");
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            Answer refused = putFleet(bad.getKey());
            assertEquals(400, refused.status(), bad.getKey());
            assertTrue(refused.detail().startsWith(bad.getValue()), bad.getKey() + " -> " + refused.detail());
            assertFalse(refused.detail().contains("java.") || refused.detail().contains("AgentSettings"), refused.detail());
        }
        Answer noBody = answer(() -> fleet.set(null, ALICE));
        assertEquals(400, noBody.status());
        assertTrue(noBody.detail().startsWith("the body must be agent settings"), noBody.detail());
    }

    @Test
    void anEdgesOwnSettingsAreShownSetAndClearedAndUnknownEdgesAre404() throws Exception {
        String id = Long.toString(EDGE);
        assertEquals("{\"heartbeatSeconds\":null,\"pollSeconds\":null,\"updateHealthSeconds\":null}",
                answer(() -> edges.agentSettings(id)).json().toString());
        Answer set = putEdge(id, "{\"heartbeatSeconds\": 5}");
        assertEquals(200, set.status());
        assertEquals(5, set.json().get("heartbeatSeconds").asInt());
        assertEquals(set.json(), answer(() -> edges.agentSettings(id)).json());
        assertEquals(204, answer(() -> edges.clearAgentSettings(id, ALICE)).status());
        assertTrue(answer(() -> edges.agentSettings(id)).json().get("heartbeatSeconds").isNull());
        assertEquals(List.of("settings of 7 h5 by alice", "settings of 7 cleared by alice"), store.calls);

        for (String unknown : List.of("8", "camera-7")) {
            assertEquals(404, answer(() -> edges.agentSettings(unknown)).status(), unknown);
            assertEquals(404, putEdge(unknown, "{\"pollSeconds\": 10}").status(), unknown);
            assertEquals(404, answer(() -> edges.clearAgentSettings(unknown, ALICE)).status(), unknown);
        }
        assertEquals("edge 8 does not exist", answer(() -> edges.agentSettings("8")).detail());
        Answer noBody = answer(() -> edges.setAgentSettings(id, null, ALICE));
        assertEquals(400, noBody.status());
    }

    @Test
    void anEdgesAgentUpdatesAreListedNewestFirstWithinBounds() throws Exception {
        store.updates.add(new AgentUpdate(3, EDGE, 1, "0.2.0", 12L, EdgeDeploymentStatus.ROLLED_BACK,
                "bundle io.example.broken did not start", InMemoryAgentReleases.NOW, "alice",
                InMemoryAgentReleases.NOW.plusSeconds(40)));
        Answer listed = answer(() -> edges.agentUpdates(Long.toString(EDGE), null));
        assertEquals(List.of("updates of 7 20"), store.calls);
        assertEquals(1, listed.json().size());
        assertEquals("0.2.0", listed.json().at("/0/version").asText());
        assertEquals("ROLLED_BACK", listed.json().at("/0/status").asText());
        assertEquals(12, listed.json().at("/0/rolloutId").asLong());
        assertEquals(Instant.parse("2026-12-05T10:00:40Z").toString(), listed.json().at("/0/updatedAt").asText());
        answer(() -> edges.agentUpdates(Long.toString(EDGE), "500"));
        assertEquals("updates of 7 500", store.calls.get(1));

        for (String limit : List.of("0", "501", "ten")) {
            Answer refused = answer(() -> edges.agentUpdates(Long.toString(EDGE), limit));
            assertEquals(400, refused.status(), limit);
            assertTrue(refused.detail().startsWith("limit "), refused.detail());
        }
        assertEquals(404, answer(() -> edges.agentUpdates("8", null)).status());
    }

    @Test
    void viewersReadManagersChange() throws Exception {
        for (Class<?> resource : List.of(AgentSettingsResource.class, EdgeResource.class)) {
            for (Method method : resource.getDeclaredMethods()) {
                boolean agent = resource == AgentSettingsResource.class || method.getName().toLowerCase().contains("agent");
                if (!agent || method.getAnnotation(RequiresRole.class) == null) {
                    continue;
                }
                Role expected = method.isAnnotationPresent(GET.class) ? Role.VIEWER : Role.MANAGER;
                assertTrue(method.isAnnotationPresent(GET.class) || method.isAnnotationPresent(PUT.class)
                        || method.isAnnotationPresent(DELETE.class), method.getName());
                assertEquals(expected, method.getAnnotation(RequiresRole.class).value(), method.getName());
            }
        }
    }
}
