/**
 * Plugins: the registry of installed plugins; since 1.1.0, the configuration of factory-configured plugin instances
 * ({@link io.modelfleet.api.plugin.PluginConfigurationService}) with the form their metatype describes; since 1.2.0,
 * the update center ({@link io.modelfleet.api.plugin.PluginCatalogService}) that installs, updates and removes plugins
 * at runtime from a signed catalog or an uploaded KAR.
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package io.modelfleet.api.plugin;
