package io.modelfleet.api.plugin;

import java.util.List;

/**
 * A catalog as read now.
 *
 * @param location        where it was read from
 * @param platformVersion this server's platform version, which entries' platform ranges are checked against
 * @param plugins         its plugins, sorted by id
 */
public record PluginCatalog(String location, String platformVersion, List<CatalogPlugin> plugins) {
    public PluginCatalog {
        plugins = List.copyOf(plugins);
    }
}
