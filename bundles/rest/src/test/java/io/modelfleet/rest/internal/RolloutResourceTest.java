package io.modelfleet.rest.internal;

import static io.modelfleet.rest.internal.RestCalls.ALICE;
import static io.modelfleet.rest.internal.RestCalls.answer;
import static io.modelfleet.rest.internal.RestCalls.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.modelfleet.api.rollout.Rollout;
import io.modelfleet.api.rollout.RolloutEdge;
import io.modelfleet.api.rollout.RolloutPlan;
import io.modelfleet.api.rollout.RolloutRequest;
import io.modelfleet.api.rollout.RolloutService;
import io.modelfleet.api.rollout.RolloutState;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;
import io.modelfleet.rest.internal.RestCalls.Answer;

/** {@code POST /rollouts} of a model version or an agent release, and how agent rollouts read in JSON. */
class RolloutResourceTest {
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    private final List<RolloutRequest> requests = new ArrayList<>();
    private Rollout answered;
    private List<RolloutEdge> edges = List.of();
    private final RolloutResource resource = new RolloutResource((RolloutService) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] { RolloutService.class }, (proxy, method, args) -> switch (method.getName()) {
                case "create" -> {
                    requests.add((RolloutRequest) args[0]);
                    yield answered;
                }
                case "get" -> answered;
                case "edges" -> edges;
                default -> throw new UnsupportedOperationException(method.getName());
            }));

    private static Rollout agentRollout() {
        return new Rollout(12, null, null, "1 edge(s) by id", RolloutPlan.ONE_WAVE, RolloutState.RUNNING, 1, 1, 0, null,
                null, NOW, "alice", NOW, null, List.of(), 4L, "0.2.0");
    }

    private Answer create(String json) throws Exception {
        return answer(() -> resource.create(body(RolloutRequest.class, json), ALICE));
    }

    @Test
    void anAgentReleaseRollsOutInPlaceOfAModelVersion() throws Exception {
        answered = agentRollout();
        Answer created = create("{\"agentReleaseId\": 4, \"edgeIds\": [7]}");
        assertEquals(201, created.status(), created.json()::toString);
        assertEquals(4L, requests.get(0).agentReleaseId());
        assertNull(requests.get(0).modelVersionId());
        assertEquals(List.of(7L), requests.get(0).edgeIds());

        JsonNode json = created.json();
        assertEquals(4, json.get("agentReleaseId").asLong());
        assertTrue(json.get("agentRelease").isTextual(), "the release's version, not whether it is one: " + json);
        assertEquals("0.2.0", json.get("agentRelease").asText());
        assertTrue(json.get("modelVersionId").isNull() && json.get("model").isNull(), json::toString);
    }

    @Test
    void aModelRolloutStillReadsAsBefore() throws Exception {
        answered = new Rollout(13, 5L, "defects:3", "1 edge(s) by id", RolloutPlan.ONE_WAVE, RolloutState.RUNNING, 1, 1,
                0, null, null, NOW, "alice", NOW, null, List.of());
        JsonNode json = create("{\"modelVersionId\": 5, \"edgeIds\": [7], \"start\": true}").json();
        assertEquals(5L, requests.get(0).modelVersionId());
        assertNull(requests.get(0).agentReleaseId());
        assertEquals("defects:3", json.get("model").asText());
        assertTrue(json.get("agentReleaseId").isNull() && json.get("agentRelease").isNull(), json::toString);
    }

    @Test
    void exactlyOneSubjectIsNamed() throws Exception {
        for (String json : List.of("{\"modelVersionId\": 5, \"agentReleaseId\": 4, \"edgeIds\": [7]}",
                "{\"edgeIds\": [7]}")) {
            Answer refused = create(json);
            assertEquals(400, refused.status(), json);
            assertEquals("name what to roll out: a modelVersionId or an agentReleaseId (one of them)", refused.detail());
        }
        assertEquals(400, create("{\"agentReleaseId\": \"4\", \"edgeIds\": [7]}").status());
        Answer noBody = answer(() -> resource.create(null, ALICE));
        assertEquals(400, noBody.status());
        assertTrue(noBody.detail().contains("agentReleaseId"), noBody.detail());
        assertTrue(requests.isEmpty());
    }

    @Test
    void anEdgeOfAnAgentRolloutSaysWhichReleaseItRanBefore() throws Exception {
        edges = List.of(new RolloutEdge(7, "camera-7", "edge-agent", 1, null, null, 31L, EdgeDeploymentStatus.ACTIVE,
                null, null, null, "0.1.0"));
        JsonNode edge = answer(() -> resource.edges("12", null)).json().get(0);
        assertEquals("0.1.0", edge.get("previousAgentRelease").asText());
        assertTrue(edge.get("previousModel").isNull());
    }
}
