package io.modelfleet.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.plugin.PluginConfigurationService;
import io.modelfleet.api.plugin.PluginInstance;

@Service
@Command(scope = "fleet", name = "plugin-instance-show", description = "Shows the settings of one plugin instance; "
        + "secrets only as set or not")
public class PluginInstanceShowCommand extends FleetAction {
    @Reference
    PluginConfigurationService configurations;

    @Argument(index = 0, name = "pid", description = "the instance's PID", required = true)
    @Completion(PluginInstanceCompleter.class)
    String pid;

    @Override
    void run() {
        print(configurations.get(pid));
    }

    /** The instance as every plugin-instance command shows it. */
    static void print(PluginInstance instance) {
        line("PID", instance.pid());
        line("Type", instance.factoryPid());
        instance.values().forEach((key, value) -> line("  " + key,
                value instanceof List<?> list ? String.join(", ", list.stream().map(String::valueOf).toList()) : value));
        instance.secretsSet().forEach((key, set) -> line("  " + key, set ? "(secret set)" : "(secret not set)"));
    }

    private static void line(String label, Object value) {
        System.out.printf("%-24s %s%n", label, Format.text(value));
    }
}
