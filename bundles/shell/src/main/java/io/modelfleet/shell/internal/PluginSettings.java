package io.modelfleet.shell.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.console.Session;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.plugin.ConfigField;
import io.modelfleet.api.plugin.ConfigurableType;
import io.modelfleet.api.plugin.PluginConfigurationService;
import io.modelfleet.api.plugin.PluginInstance;

/**
 * Settings of a plugin instance as typed in the shell: {@code key=value} (the service converts and checks the text),
 * {@code key=} for an empty value, and a secret's bare name to be asked for without echo, which keeps it out of the
 * shell history.
 */
final class PluginSettings {
    private PluginSettings() {
    }

    static ConfigurableType type(PluginConfigurationService service, String factoryPid) {
        return service.types().stream().filter(type -> type.factoryPid().equals(factoryPid)).findFirst()
                .orElseThrow(() -> new io.modelfleet.api.NotFoundException(
                        "there is no configurable plugin type '" + factoryPid + "'"));
    }

    static Map<String, Object> parse(List<String> arguments, ConfigurableType type, Session session) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String argument : arguments == null ? List.<String>of() : arguments) {
            int equals = argument.indexOf('=');
            if (equals > 0) {
                values.put(argument.substring(0, equals), argument.substring(equals + 1));
            } else if (isSecret(type, argument)) {
                values.put(argument, prompt(session, argument));
            } else {
                throw new InvalidInputException("expected key=value (or a secret's name to be asked for it), was '"
                        + (argument.length() > 64 ? argument.substring(0, 64) + "..." : argument) + "'");
            }
        }
        return values;
    }

    /** The values to send on update: the instance's current ones with the typed ones over them. */
    static Map<String, Object> merged(PluginInstance current, Map<String, Object> typed) {
        Map<String, Object> values = new LinkedHashMap<>(current.values());
        values.putAll(typed);
        return values;
    }

    private static boolean isSecret(ConfigurableType type, String id) {
        return type.fields().stream().anyMatch(field -> field.id().equals(id) && field.secret());
    }

    private static String prompt(Session session, String id) {
        try {
            return session.readLine(id + ": ", '*');
        } catch (UnsupportedOperationException | java.io.IOException e) {
            // headless sessions (ssh exec, scripts) have no terminal to prompt on
            throw new InvalidInputException("this session cannot ask for " + id + "; give it as " + id + "=...");
        }
    }

    static String describe(ConfigField field) {
        StringBuilder text = new StringBuilder(field.type());
        if (field.cardinality() != 0) {
            text.append(" list");
        }
        if (!field.options().isEmpty()) {
            text.append(" (").append(String.join("|", field.options().stream().map(o -> o.value()).toList()))
                    .append(')');
        }
        return text.toString();
    }
}
