/**
 * Plugins: the registry of installed plugins and, since 1.1.0, the configuration of factory-configured plugin
 * instances ({@link io.modelfleet.api.plugin.PluginConfigurationService}) with the form their metatype describes.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.modelfleet.api.plugin;
