package io.modelfleet.api.plugin;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Lists, creates, changes and deletes the instances of factory-configured plugins (data sources, training backends,
 * deployment targets) as configurations, validated against the metatype of the plugin bundle. Only factory PIDs
 * declared by ModelFleet plugin bundles are reachable: no other configuration of the server can be read or changed
 * here.
 * <p>
 * Secrets (fields of type {@code PASSWORD}, and any field whose id ends with {@code password}, {@code secret},
 * {@code secretKey} or {@code token}) are write-only: answers and audit entries say only whether they are set.
 * Every change is audited under the actor's name.
 */
@ProviderType
public interface PluginConfigurationService {
    String STRING = "STRING";
    String INTEGER = "INTEGER";
    String LONG = "LONG";
    String DOUBLE = "DOUBLE";
    String BOOLEAN = "BOOLEAN";
    String PASSWORD = "PASSWORD";

    /** Every factory PID a ModelFleet plugin bundle declares in its metatype, sorted by factory PID. */
    List<ConfigurableType> types();

    /**
     * The instances of one type, or of every type when {@code factoryPid} is null, sorted by PID.
     *
     * @throws io.modelfleet.api.NotFoundException for an unknown factory PID
     */
    List<PluginInstance> instances(String factoryPid);

    /** @throws io.modelfleet.api.NotFoundException when there is no instance of a plugin type with this PID */
    PluginInstance get(String pid);

    /**
     * Creates an instance. Its name comes from the {@code id} field when the type has one, so one file per instance
     * in the server's {@code etc} folder is named after it.
     *
     * @param values values by field id (strings are converted to the field's type, lists hold several values)
     * @throws io.modelfleet.api.InvalidInputException with a problem per field
     * @throws io.modelfleet.api.ConflictException     when an instance with that id exists
     */
    PluginInstance create(String factoryPid, Map<String, Object> values, String actor);

    /**
     * Replaces the values of an instance: fields left out take their default again, except secrets, which keep their
     * value when left out or null and are cleared by an empty string, and the id, which cannot change.
     */
    PluginInstance update(String pid, Map<String, Object> values, String actor);

    void delete(String pid, String actor);
}
