package io.modelfleet.api.plugin;

/**
 * One version of a catalog plugin.
 *
 * @param platform   the range of platform versions it supports (OSGi version range)
 * @param compatible whether this server's platform version is in that range
 * @param location   where its KAR is, absolute or relative to the catalog
 * @param feature    the Karaf feature in the KAR that is the plugin
 * @param sha256     the KAR's SHA-256, hex
 */
public record CatalogRelease(String version, String platform, boolean compatible, String location, String feature,
        String sha256) {
}
