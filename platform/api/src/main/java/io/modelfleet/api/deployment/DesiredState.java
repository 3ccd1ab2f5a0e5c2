package io.modelfleet.api.deployment;

/**
 * What an edge should run, and which inputs it should send back. {@code model} is null when nothing is assigned;
 * {@code collection} is null when neither the edge nor the stream of its model sets a policy (the agent keeps its own
 * configuration). The ETag changes whenever the answer does, so agents poll with If-None-Match.
 */
public record DesiredState(String etag, SignedManifest model, CollectionPolicy collection) {

    /** Without a collection policy (the 1.0 desired state). */
    public DesiredState(String etag, SignedManifest model) {
        this(etag, model, null);
    }
}
