package io.modelfleet.api.plugin;

import java.util.List;

/**
 * One setting of a {@link ConfigurableType}.
 *
 * @param type        {@code STRING}, {@code INTEGER}, {@code LONG}, {@code DOUBLE}, {@code BOOLEAN} or
 *                    {@code PASSWORD} (a secret: write-only, never answered)
 * @param required    a value must be given when the field has no default
 * @param defaults    the value(s) used when none is given; empty when there is no default
 * @param options     the only values allowed, with their labels; empty when any value of the type is allowed
 * @param cardinality 0 for a single value, otherwise the most values a list may hold ({@link Integer#MAX_VALUE}
 *                    for no limit)
 */
public record ConfigField(String id, String name, String description, String type, boolean required,
        List<String> defaults, List<Option> options, int cardinality) {
    public ConfigField {
        defaults = List.copyOf(defaults);
        options = List.copyOf(options);
    }

    public boolean secret() {
        return PluginConfigurationService.PASSWORD.equals(type);
    }
}
