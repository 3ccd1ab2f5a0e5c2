/**
 * Putting model versions onto edges: assignments, per-edge status, desired state and signed manifests.
 * <p>
 * 1.1.0: {@link io.modelfleet.api.deployment.CollectionPolicy}, set per stream or per edge through
 * {@link io.modelfleet.api.deployment.DeploymentService}, travels in the {@link io.modelfleet.api.deployment.DesiredState}.
 * <p>
 * 1.2.0: {@link io.modelfleet.api.deployment.ManifestSigning}, the server's key as a service for deployment targets;
 * {@link io.modelfleet.api.deployment.ModelManifest#artifactPath}.
 * <p>
 * 1.3.0: agent releases in the desired state ({@link io.modelfleet.api.deployment.AgentManifest}, signed by
 * {@link io.modelfleet.api.deployment.ManifestSigning}) and {@link io.modelfleet.api.deployment.AgentSettings} pushed to
 * agents.
 */
@org.osgi.annotation.versioning.Version("1.3.0")
package io.modelfleet.api.deployment;
