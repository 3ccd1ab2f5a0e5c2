package io.modelfleet.api.plugin;

import java.io.InputStream;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The update center: installs, updates and removes plugins at runtime, without restarting the server and without
 * refreshing any bundle that is not the plugin's own.
 * <p>
 * Plugins come from a catalog (a JSON index at a configured URL or in a local folder) whose entries each name a KAR
 * by location, SHA-256 and an Ed25519 signature by the catalog key the server pins; nothing is installed before the
 * download matches both. Administrators may also upload a KAR directly. Every change runs as a
 * {@link PluginOperation} with its progress; operations run one at a time, in the order they were asked for, and are
 * audited under the actor's name.
 */
@ProviderType
public interface PluginCatalogService {

    /**
     * The catalog as it is now, with what this server has installed.
     *
     * @throws io.modelfleet.api.UnavailableException when no catalog is configured or it cannot be read
     */
    PluginCatalog catalog();

    /**
     * Starts installing (or, when an older version is installed, updating to) a catalog plugin.
     *
     * @param version the version wanted, or null for the newest one compatible with this server
     * @throws io.modelfleet.api.NotFoundException     when the catalog has no such plugin or version
     * @throws io.modelfleet.api.InvalidInputException when that version does not support this server's version
     * @throws io.modelfleet.api.ConflictException     when that version is installed already
     */
    PluginOperation install(String pluginId, String version, String actor);

    /**
     * Starts removing an installed plugin (one installed from the catalog or from an uploaded KAR).
     *
     * @throws io.modelfleet.api.NotFoundException when no plugin with that id was installed here
     */
    PluginOperation uninstall(String pluginId, String actor);

    /**
     * Starts installing a KAR an administrator uploaded. The KAR is read and checked before this returns.
     *
     * @throws io.modelfleet.api.InvalidInputException    when it is not a plugin KAR
     * @throws io.modelfleet.api.PayloadTooLargeException when it is larger than the configured limit
     */
    PluginOperation installKar(String fileName, InputStream kar, String actor);

    /** @throws io.modelfleet.api.NotFoundException when there is no such operation (they are kept in memory) */
    PluginOperation operation(String id);

    /** Recent operations, newest first. */
    List<PluginOperation> operations();

    /** Plugins installed through the update center, by id. */
    List<InstalledPlugin> installed();
}
