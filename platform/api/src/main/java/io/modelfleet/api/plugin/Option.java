package io.modelfleet.api.plugin;

/** An allowed value of a {@link ConfigField} and how it is shown. */
public record Option(String value, String label) {
}
