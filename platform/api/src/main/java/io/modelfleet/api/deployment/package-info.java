/** Putting model versions onto edges: assignments, per-edge status, desired state and signed manifests. */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.modelfleet.api.deployment;
