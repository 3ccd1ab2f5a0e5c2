package io.modelfleet.api.deployment;

/**
 * What an edge should run. {@code model} is null when nothing is assigned. The ETag changes whenever the answer
 * does, so agents poll with If-None-Match.
 */
public record DesiredState(String etag, SignedManifest model) {
}
