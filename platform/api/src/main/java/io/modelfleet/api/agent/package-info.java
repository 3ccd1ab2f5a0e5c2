/**
 * Agent releases: bundle sets for the agents' Felix framework, rolled out like model versions, installed by each agent
 * next to the set it runs and reverted when the new set fails the agent's own health check.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.modelfleet.api.agent;
