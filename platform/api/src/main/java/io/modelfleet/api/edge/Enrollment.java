package io.modelfleet.api.edge;

/**
 * The answer to a successful enrollment. {@code credential} is the edge's own secret for every later call; the server
 * stores only its hash, so it is returned exactly once.
 */
public record Enrollment(long edgeId, String name, String credential, EdgeState state) {
}
