package io.modelfleet.api.deployment;

import java.util.LinkedHashMap;
import java.util.Map;

import io.modelfleet.api.InvalidInputException;

/**
 * Agent settings the server pushes with the desired state, set for the whole fleet or per edge (a field the edge sets
 * wins over the fleet's). A null field leaves the agent's own configuration in force.
 *
 * @param heartbeatSeconds how often the agent reports in
 * @param pollSeconds how often it polls its desired state without a heartbeat hint
 * @param updateHealthSeconds how long a newly installed agent release has to prove itself healthy before the agent
 *        goes back to the release it ran before
 */
public record AgentSettings(Integer heartbeatSeconds, Integer pollSeconds, Integer updateHealthSeconds) {
    public static final int MIN_INTERVAL = 5;
    public static final int MAX_INTERVAL = 3600;
    public static final int MIN_UPDATE_HEALTH = 10;
    public static final int MAX_UPDATE_HEALTH = 3600;
    public static final AgentSettings NONE = new AgentSettings(null, null, null);

    public AgentSettings {
        Map<String, String> problems = new LinkedHashMap<>();
        check(problems, "heartbeatSeconds", heartbeatSeconds, MIN_INTERVAL, MAX_INTERVAL);
        check(problems, "pollSeconds", pollSeconds, MIN_INTERVAL, MAX_INTERVAL);
        check(problems, "updateHealthSeconds", updateHealthSeconds, MIN_UPDATE_HEALTH, MAX_UPDATE_HEALTH);
        if (!problems.isEmpty()) {
            throw new InvalidInputException("agent settings are out of range: " + String.join("; ",
                    problems.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()), problems);
        }
    }

    private static void check(Map<String, String> problems, String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            problems.put(field, "must be between " + min + " and " + max + " seconds, was " + value);
        }
    }

    /** Each field of {@code edge} that is set wins over this one's. */
    public AgentSettings overriddenBy(AgentSettings edge) {
        if (edge == null) {
            return this;
        }
        return new AgentSettings(edge.heartbeatSeconds != null ? edge.heartbeatSeconds : heartbeatSeconds,
                edge.pollSeconds != null ? edge.pollSeconds : pollSeconds,
                edge.updateHealthSeconds != null ? edge.updateHealthSeconds : updateHealthSeconds);
    }

    public boolean isEmpty() {
        return heartbeatSeconds == null && pollSeconds == null && updateHealthSeconds == null;
    }

    /** A short stable form, for ETags and audit entries: {@code h15,p10,u120} with unset fields left out. */
    public String text() {
        StringBuilder text = new StringBuilder();
        append(text, 'h', heartbeatSeconds);
        append(text, 'p', pollSeconds);
        append(text, 'u', updateHealthSeconds);
        return text.toString();
    }

    private static void append(StringBuilder text, char key, Integer value) {
        if (value != null) {
            text.append(text.isEmpty() ? "" : ",").append(key).append(value);
        }
    }
}
