package io.modelfleet.api.edge;

/** A freshly created token together with its secret, which the server does not keep. */
public record IssuedToken(EnrollmentToken token, String secret) {
}
