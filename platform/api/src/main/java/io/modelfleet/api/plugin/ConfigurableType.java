package io.modelfleet.api.plugin;

import java.util.List;

/**
 * A factory-configured plugin as its metatype describes it: what a form for one of its instances shows.
 *
 * @param factoryPid the factory PID instances are created under
 * @param bundle     symbolic name of the plugin bundle that declares it
 */
public record ConfigurableType(String factoryPid, String name, String description, String bundle,
        List<ConfigField> fields) {
    public ConfigurableType {
        fields = List.copyOf(fields);
    }
}
