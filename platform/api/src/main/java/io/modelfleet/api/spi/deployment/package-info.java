/**
 * Deployment targets: plugins that put model versions onto edges. The platform plans rollouts and records one
 * deployment per edge; a target delivers them ({@link io.modelfleet.api.spi.deployment.DeploymentTarget#apply}) and,
 * when it can see them, reports their progress. Edges that run ModelFleet agents pull a signed manifest instead and
 * report themselves.
 * <p>
 * To implement one: a DS component providing {@code DeploymentTarget}, configured by a factory configuration
 * (configuration policy REQUIRE) whose {@code id} becomes {@code descriptor().id()}. Keep {@code apply} short: it runs
 * on the rollout engine's thread. Throw {@link io.modelfleet.api.spi.deployment.TargetUnavailableException} when the
 * target's system is unreachable, so the platform retries rather than failing the edges.
 * <p>
 * 2.0.0: plan/apply/status/rollback by deployment id replaced by apply/status over
 * {@link io.modelfleet.api.spi.deployment.TargetDeployment}s (rollback is the platform's: it applies the previous
 * version), and {@link io.modelfleet.api.spi.deployment.DeploymentTarget#manifest} for pulling edges.
 */
@org.osgi.annotation.versioning.Version("2.0.0")
package io.modelfleet.api.spi.deployment;
