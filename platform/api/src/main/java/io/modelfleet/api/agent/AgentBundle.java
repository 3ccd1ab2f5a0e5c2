package io.modelfleet.api.agent;

/** One bundle of an agent release, as its manifest names it. */
public record AgentBundle(String symbolicName, String version, String sha256, long sizeBytes) {
}
