/**
 * Staged rollouts of model versions to edges: waves, soak times, health and quality gates, automatic rollback.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.modelfleet.api.rollout;
