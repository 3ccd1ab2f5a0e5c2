package io.modelfleet.api.plugin;

/** An installed plugin as the registry reports it, with the bundle that provides it. */
public record PluginInfo(PluginKind kind, String id, String displayName, String version, String description,
        String bundleSymbolicName, String bundleVersion, long bundleId, String state) {
}
