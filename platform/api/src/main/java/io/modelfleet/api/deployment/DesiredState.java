package io.modelfleet.api.deployment;

/**
 * What an edge should run, and how its agent should behave. {@code model} is null when nothing is assigned;
 * {@code collection} is null when neither the edge nor the stream of its model sets a policy (the agent keeps its own
 * configuration); {@code agent} is the agent release to install, null for the one the agent was installed with;
 * {@code settings} is null when neither the fleet nor the edge sets any. The ETag changes whenever the answer does,
 * so agents poll with If-None-Match.
 */
public record DesiredState(String etag, SignedManifest model, CollectionPolicy collection, SignedAgentManifest agent,
        AgentSettings settings) {

    /** Without agent release and settings (the 1.1 desired state). */
    public DesiredState(String etag, SignedManifest model, CollectionPolicy collection) {
        this(etag, model, collection, null, null);
    }

    /** Without a collection policy (the 1.0 desired state). */
    public DesiredState(String etag, SignedManifest model) {
        this(etag, model, null);
    }
}
