package io.modelfleet.api.plugin;

import io.modelfleet.api.Validation;

/**
 * How a plugin instance introduces itself. {@code id} is unique within its kind; for factory-configured plugins
 * (data sources, deployment targets) it names the configured instance.
 */
public record PluginDescriptor(String id, String displayName, String version, String description) {
    public PluginDescriptor {
        Validation.name("plugin id", id, 64);
        Validation.required("plugin displayName", displayName, 128);
        Validation.required("plugin version", version, 32);
        Validation.optional("plugin description", description, 1024);
    }

    /** The leading number of a version such as "1.2.0" (0 when there is none): what breaks compatibility. */
    public static int majorVersion(String version) {
        try {
            return Integer.parseInt(version.strip().split("\\.")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
