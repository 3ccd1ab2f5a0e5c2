package io.modelfleet.api.plugin;

import java.util.List;

/**
 * A plugin the catalog offers.
 *
 * @param kind             a {@link PluginKind} name, or {@code OTHER} for a plugin of several kinds or none
 * @param installedVersion the version installed here, or null
 * @param versions         newest first
 */
public record CatalogPlugin(String id, String kind, String name, String description, String installedVersion,
        List<CatalogRelease> versions) {
    public CatalogPlugin {
        versions = List.copyOf(versions);
    }
}
