package io.modelfleet.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.felix.utils.properties.TypedProperties;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.UnavailableException;
import io.modelfleet.api.Validation;
import io.modelfleet.api.plugin.ConfigurableType;
import io.modelfleet.api.plugin.PluginConfigurationService;
import io.modelfleet.api.plugin.PluginInstance;
import io.modelfleet.api.security.AuditLog;

/**
 * Plugin instances as named factory configurations ({@code <factoryPid>~<id>}), each with its file
 * {@code etc/<factoryPid>-<id>.cfg}, as if an operator had written it: FileInstall creates the same named
 * configuration from that file after a clean start. FileInstall writes only files that exist, so creating one writes
 * the file first (as Karaf's {@code config:edit} does) and links the configuration to it
 * ({@code felix.fileinstall.filename}); FileInstall then keeps the file in step with updates and deletes it with the
 * configuration. The forms come from the metatype of the bundles named {@code io.modelfleet.plugin.*}, read on every
 * call: plugin bundles come and go at runtime. Changes are serialised, so two creations of one id cannot both succeed.
 */
@Component(service = PluginConfigurationService.class)
public final class PluginConfigurationServiceImpl implements PluginConfigurationService {
    private static final Logger LOG = LoggerFactory.getLogger(PluginConfigurationServiceImpl.class);
    static final String PLUGIN_BUNDLE_PREFIX = "io.modelfleet.plugin.";
    private static final String TARGET = "plugin-instance";
    private static final int MAX_AUDIT_DETAIL = 2000;

    /** Where the forms come from: the metatype of plugin bundles, or a fixed set in tests. */
    interface Forms {
        List<PluginForms.Form> all();
    }

    static final String FILENAME = "felix.fileinstall.filename";

    private final ConfigurationAdmin configurationAdmin;
    private final Forms forms;
    private final AuditLog audit;
    /** Karaf's etc folder; null outside Karaf, where configurations live in Config Admin alone. */
    private final Path etc;

    @Activate
    public PluginConfigurationServiceImpl(BundleContext context, @Reference ConfigurationAdmin configurationAdmin,
            @Reference MetaTypeService metaType, @Reference AuditLog audit) {
        this(configurationAdmin, () -> metatypeForms(context, metaType), audit,
                context.getProperty("karaf.etc") == null ? null : Path.of(context.getProperty("karaf.etc")));
    }

    PluginConfigurationServiceImpl(ConfigurationAdmin configurationAdmin, Forms forms, AuditLog audit, Path etc) {
        this.configurationAdmin = configurationAdmin;
        this.forms = forms;
        this.audit = audit;
        this.etc = etc;
    }

    private static List<PluginForms.Form> metatypeForms(BundleContext context, MetaTypeService metaType) {
        List<PluginForms.Form> found = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name == null || !name.startsWith(PLUGIN_BUNDLE_PREFIX)) {
                continue;
            }
            try {
                MetaTypeInformation information = metaType.getMetaTypeInformation(bundle);
                if (information == null) {
                    continue;
                }
                for (String factoryPid : information.getFactoryPids()) {
                    ObjectClassDefinition ocd = information.getObjectClassDefinition(factoryPid, null);
                    if (ocd != null) {
                        found.add(PluginForms.form(factoryPid, name, ocd));
                    }
                }
            } catch (RuntimeException e) {
                // one bundle's broken metatype must not hide the others' forms
                LOG.warn("Cannot read the metatype of bundle {}", name, e);
            }
        }
        found.sort(Comparator.comparing(form -> form.type().factoryPid()));
        return found;
    }

    @Override
    public List<ConfigurableType> types() {
        return forms.all().stream().map(PluginForms.Form::type).toList();
    }

    @Override
    public List<PluginInstance> instances(String factoryPid) {
        List<PluginForms.Form> selected = factoryPid == null ? forms.all() : List.of(form(factoryPid));
        List<PluginInstance> found = new ArrayList<>();
        for (PluginForms.Form form : selected) {
            for (Configuration configuration : list("(service.factoryPid=" + escape(form.type().factoryPid()) + ")")) {
                found.add(instance(form, configuration));
            }
        }
        found.sort(Comparator.comparing(PluginInstance::pid));
        return found;
    }

    @Override
    public PluginInstance get(String pid) {
        Found found = find(pid);
        return instance(found.form(), found.configuration());
    }

    @Override
    public synchronized PluginInstance create(String factoryPid, Map<String, Object> values, String actor) {
        PluginForms.Form form = form(factoryPid);
        Map<String, Object> checked = PluginForms.values(form, values, Map.of());
        String name = instanceName(form, checked);
        try {
            Configuration configuration = configurationAdmin.getFactoryConfiguration(form.type().factoryPid(), name,
                    "?");
            Path file = etc == null ? null : etc.resolve(form.type().factoryPid() + "-" + name + ".cfg");
            if (configuration.getProperties() != null || (file != null && Files.exists(file))) {
                throw new ConflictException(form.type().name() + " '" + name + "' exists already");
            }
            Map<String, Object> stored = new LinkedHashMap<>(checked);
            if (file != null) {
                writeCfg(file, checked);
                stored.put(FILENAME, file.toUri().toString());
            }
            configuration.update(dictionary(stored));
            PluginInstance created = instance(form, configuration);
            audit.record(actor, "plugin-instance.create", TARGET, created.pid(), auditDetail(form, checked));
            LOG.info("Plugin instance {} created by {}", created.pid(), actor);
            return created;
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    @Override
    public synchronized PluginInstance update(String pid, Map<String, Object> values, String actor) {
        Found found = find(pid);
        PluginForms.Form form = found.form();
        Map<String, Object> current = properties(found.configuration());
        Map<String, Object> given = values == null ? new LinkedHashMap<>() : new LinkedHashMap<>(values);
        if (form.hasId()) {
            // the id names the instance and its file; another id is another instance
            Object currentId = current.get(PluginForms.ID);
            Object newId = given.get(PluginForms.ID);
            if (newId != null && !String.valueOf(newId).equals(String.valueOf(currentId))) {
                throw new InvalidInputException("the id of an instance cannot change; create a new instance instead",
                        Map.of(PluginForms.ID, "cannot change from '" + currentId + "'"));
            }
            if (currentId != null) {
                given.put(PluginForms.ID, currentId);
            }
        }
        Map<String, Object> checked = PluginForms.values(form, given, current);
        Map<String, Object> stored = new LinkedHashMap<>(checked);
        if (current.get(FILENAME) != null) {
            // the link to the instance's file, which FileInstall then rewrites
            stored.put(FILENAME, current.get(FILENAME));
        }
        try {
            found.configuration().update(dictionary(stored));
        } catch (IOException e) {
            throw unavailable(e);
        }
        audit.record(actor, "plugin-instance.update", TARGET, pid, auditDetail(form, checked));
        LOG.info("Plugin instance {} changed by {}", pid, actor);
        return instance(form, found.configuration());
    }

    @Override
    public synchronized void delete(String pid, String actor) {
        Found found = find(pid);
        try {
            found.configuration().delete();
        } catch (IOException e) {
            throw unavailable(e);
        }
        audit.record(actor, "plugin-instance.delete", TARGET, pid, found.form().type().factoryPid());
        LOG.info("Plugin instance {} deleted by {}", pid, actor);
    }

    private record Found(PluginForms.Form form, Configuration configuration) {
    }

    /** Only configurations of a plugin type are found: the service is no door to the server's other settings. */
    private Found find(String pid) {
        if (pid == null || pid.isBlank()) {
            throw new NotFoundException("no plugin instance has an empty id");
        }
        List<Configuration> configurations = list("(service.pid=" + escape(pid) + ")");
        if (!configurations.isEmpty()) {
            String factoryPid = configurations.get(0).getFactoryPid();
            Optional<PluginForms.Form> form = forms.all().stream()
                    .filter(candidate -> candidate.type().factoryPid().equals(factoryPid)).findFirst();
            if (form.isPresent()) {
                return new Found(form.get(), configurations.get(0));
            }
        }
        throw new NotFoundException("there is no plugin instance '" + pid + "'");
    }

    private PluginForms.Form form(String factoryPid) {
        return forms.all().stream().filter(form -> form.type().factoryPid().equals(factoryPid)).findFirst()
                .orElseThrow(() -> new NotFoundException("there is no configurable plugin type '" + factoryPid + "'"));
    }

    private String instanceName(PluginForms.Form form, Map<String, Object> checked) {
        if (!form.hasId()) {
            return UUID.randomUUID().toString().substring(0, 8);
        }
        Object id = checked.get(PluginForms.ID);
        if (id == null) {
            String[] defaults = form.fields().get(PluginForms.ID).definition().getDefaultValue();
            id = defaults == null || defaults.length == 0 ? null : defaults[0];
        }
        try {
            // it becomes part of a file name
            return Validation.name(PluginForms.ID, id == null ? null : id.toString(), 64);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.detail(), Map.of(PluginForms.ID, id == null || id.toString().isEmpty()
                    ? "is required" : "may contain only letters, digits, '.', '-' and '_' and must start with a "
                            + "letter or digit"));
        }
    }

    private List<Configuration> list(String filter) {
        try {
            Configuration[] found = configurationAdmin.listConfigurations(filter);
            return found == null ? List.of() : List.of(found);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("the filter " + filter + " is escaped", e);
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    private static PluginInstance instance(PluginForms.Form form, Configuration configuration) {
        Map<String, Object> stored = properties(configuration);
        return new PluginInstance(configuration.getPid(), form.type().factoryPid(),
                PluginForms.shownValues(form, stored), PluginForms.secretsSet(form, stored));
    }

    private static Map<String, Object> properties(Configuration configuration) {
        Dictionary<String, Object> properties = configuration.getProperties();
        Map<String, Object> map = new LinkedHashMap<>();
        if (properties != null) {
            List<String> keys = Collections.list(properties.keys());
            Collections.sort(keys);
            for (String key : keys) {
                map.put(key, properties.get(key));
            }
        }
        return map;
    }

    /** The file as Karaf writes configurations: typed values, so numbers and booleans come back as such. */
    private static void writeCfg(Path file, Map<String, Object> values) throws IOException {
        TypedProperties properties = new TypedProperties();
        values.forEach(properties::put);
        // owner-only on POSIX (the file holds secrets); FileInstall ignores the name until the move shows it whole
        Path temporary = Files.createTempFile(file.getParent(), ".modelfleet-", ".tmp");
        try {
            properties.save(temporary.toFile());
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static Dictionary<String, Object> dictionary(Map<String, Object> values) {
        return new Hashtable<>(values);
    }

    /** The values without secrets, which are listed only by name as set. */
    static String auditDetail(PluginForms.Form form, Map<String, Object> values) {
        StringBuilder detail = new StringBuilder(form.type().factoryPid());
        List<String> secrets = new ArrayList<>();
        values.forEach((key, value) -> {
            if (PluginForms.isSecret(form, key)) {
                secrets.add(key);
            } else {
                detail.append(' ').append(key).append('=')
                        .append(value instanceof Object[] array ? java.util.Arrays.toString(array) : value);
            }
        });
        if (!secrets.isEmpty()) {
            detail.append(" secrets set: ").append(String.join(", ", secrets));
        }
        return detail.length() > MAX_AUDIT_DETAIL ? detail.substring(0, MAX_AUDIT_DETAIL - 3) + "..." : detail.toString();
    }

    private static String escape(String value) {
        StringBuilder escaped = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    private static UnavailableException unavailable(IOException e) {
        LOG.error("Configuration Admin failed", e);
        return new UnavailableException("the configuration store is not available; try again", 10);
    }
}
