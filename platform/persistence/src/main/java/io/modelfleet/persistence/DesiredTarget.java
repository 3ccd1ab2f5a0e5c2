package io.modelfleet.persistence;

/**
 * What an edge's desired state is made of: its current deployment (null: none) and its effective collection policy
 * (CollectionPolicy's short form; null: neither the edge nor its model's stream sets one), and the deployment target
 * that reaches it.
 */
public record DesiredTarget(Long deploymentId, String collectionPolicy, String target) {
}
