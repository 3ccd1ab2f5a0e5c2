/**
 * Staged rollouts of model versions to edges: waves, soak times, health and quality gates, automatic rollback.
 * <p>
 * 2.0.0: agent releases roll out like model versions ({@link io.modelfleet.api.rollout.RolloutRequest#agentReleaseId});
 * a rollout's {@code modelVersionId} is null for them.
 */
@org.osgi.annotation.versioning.Version("2.0.0")
package io.modelfleet.api.rollout;
