package io.modelfleet.persistence;

import io.modelfleet.api.edge.EdgeState;

/** What authenticating an edge needs: the stored credential hash and the edge's state. */
public record EdgeCredentialRecord(long edgeId, String credentialHash, EdgeState state) {
}
