/**
 * Edges, enrollment and heartbeats.
 * <p>
 * 1.1.0: {@link io.modelfleet.api.edge.Edge#target()} and {@link io.modelfleet.api.edge.EdgeUpdate#target()}, the
 * deployment target that reaches an edge; {@link io.modelfleet.api.edge.FleetService#registerEdge} for edges of push
 * targets and {@link io.modelfleet.api.edge.FleetService#issueCredential}.
 * <p>
 * 1.2.0: {@link io.modelfleet.api.edge.TagSelector}, the one tag syntax ({@code key} or {@code key=value}) the REST
 * API, the shell and plugins parse.
 * <p>
 * 1.3.0: {@link io.modelfleet.api.edge.FleetService#deleteEdge}.
 */
@org.osgi.annotation.versioning.Version("1.3.0")
package io.modelfleet.api.edge;
