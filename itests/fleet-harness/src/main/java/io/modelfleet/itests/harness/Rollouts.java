package io.modelfleet.itests.harness;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** Rollouts through the REST API: create one, read it, wait for its state. */
public final class Rollouts {
    /** The states a rollout does not leave. */
    public static final Set<String> ENDED = Set.of("SUCCEEDED", "FAILED", "ABORTED", "ROLLED_BACK");

    private Rollouts() {
    }

    /**
     * Creates a rollout and answers it as created.
     *
     * @param what what to roll out, e.g. {@code modelVersionId} or {@code agentReleaseId} and its id
     * @param edgeIds the edges to roll out to
     * @param plan the plan (waves, soak, gates...)
     * @throws AssertionError unless the server answers 201 Created
     */
    public static JsonNode create(Api api, Map<String, Object> what, List<Long> edgeIds, Map<String, Object> plan) {
        Map<String, Object> request = new LinkedHashMap<>(what);
        request.put("edgeIds", edgeIds);
        request.put("plan", plan);
        Api.Reply created = api.send("POST", "/api/v1/rollouts", request);
        if (created.status() != 201) {
            throw new AssertionError("rollout: expected 201 but was " + created.status() + ": " + created.body());
        }
        return created.body();
    }

    /** The rollout as the server shows it now. */
    public static JsonNode get(Api api, long id) {
        return api.get("/api/v1/rollouts/" + id).body();
    }

    /**
     * Waits until the rollout is in {@code state}.
     *
     * @throws AssertionError if it ends in another state first, or the time runs out; either names its edges
     */
    public static void awaitState(Api api, long id, String state, Duration timeout) throws InterruptedException {
        try {
            Processes.await(timeout, "rollout " + id + " to be " + state, () -> {
                JsonNode rollout = get(api, id);
                String now = rollout.get("state").asText();
                // an automatic rollback moves a FAILED rollout on to ROLLED_BACK a moment later
                boolean passing = state.equals("ROLLED_BACK") && now.equals("FAILED");
                if (!now.equals(state) && ENDED.contains(now) && !passing) {
                    throw new AssertionError("rollout " + id + " ended " + now + ": " + rollout.get("message"));
                }
                return now.equals(state);
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; edges: " + api.get("/api/v1/rollouts/" + id + "/edges").body(), e);
        }
    }
}
