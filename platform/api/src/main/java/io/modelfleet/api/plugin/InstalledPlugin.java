package io.modelfleet.api.plugin;

import java.time.Instant;

/**
 * A plugin installed through the update center.
 *
 * @param source  {@code catalog} or {@code upload}
 * @param feature the Karaf feature that is the plugin, with its version
 */
public record InstalledPlugin(String id, String version, String feature, String source, String sha256,
        Instant installedAt, String installedBy) {
}
