/**
 * Store interfaces the core and security bundles use; the implementations are the only code that knows SQL.
 * <p>
 * 3.0.0: {@code DeploymentStore.desiredTarget} (current deployment and effective collection policy in one query)
 * replaces {@code currentDeploymentId}; collection policies per stream or edge.
 * <p>
 * 3.1.0: {@code RolloutStore}; {@code Edge.target} read and written by the edge store.
 * <p>
 * 3.2.0: {@code AgentReleaseStore}; rollouts of agent releases; the agent update and settings in {@code DesiredTarget}.
 */
@org.osgi.annotation.versioning.Version("4.0.0")
package io.modelfleet.persistence;
