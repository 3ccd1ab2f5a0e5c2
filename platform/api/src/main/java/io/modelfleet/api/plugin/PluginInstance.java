package io.modelfleet.api.plugin;

import java.util.Map;

/**
 * One configured instance of a factory-configured plugin.
 *
 * @param pid        the configuration's PID, which addresses the instance
 * @param values     the configured values, secrets left out
 * @param secretsSet for every secret field of the type (and any secret the configuration holds): whether it has a
 *                   value; the values themselves are never answered
 */
public record PluginInstance(String pid, String factoryPid, Map<String, Object> values,
        Map<String, Boolean> secretsSet) {
    public PluginInstance {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        secretsSet = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(secretsSet));
    }
}
