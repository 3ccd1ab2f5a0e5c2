package io.modelfleet.persistence;

import io.modelfleet.api.deployment.AgentSettings;

/**
 * What an edge's desired state is made of: its current deployment (null: none) and its effective collection policy
 * (CollectionPolicy's short form; null: neither the edge nor its model's stream sets one), the deployment target
 * that reaches it, the agent update its agent is told to install (null: its installation's set) and the effective
 * agent settings (each field the edge's, else the fleet's).
 */
public record DesiredTarget(Long deploymentId, String collectionPolicy, String target, Long agentUpdateId,
        Integer heartbeatSeconds, Integer pollSeconds, Integer updateHealthSeconds) {

    /** Null when no field is set. */
    public AgentSettings agentSettings() {
        AgentSettings settings = new AgentSettings(heartbeatSeconds, pollSeconds, updateHealthSeconds);
        return settings.isEmpty() ? null : settings;
    }
}
