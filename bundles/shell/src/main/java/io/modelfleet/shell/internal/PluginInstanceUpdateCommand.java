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
@Command(scope = "fleet", name = "plugin-instance-update", description = "Changes settings of a plugin instance; "
        + "the others, secrets included, keep their values (key= empties one, a secret's name alone asks for it)")
public class PluginInstanceUpdateCommand extends FleetAction {
    @Reference
    PluginConfigurationService configurations;

    @Argument(index = 0, name = "pid", description = "the instance's PID", required = true)
    @Completion(PluginInstanceCompleter.class)
    String pid;

    @Argument(index = 1, name = "settings", description = "key=value; a secret's name alone is asked for without echo",
            multiValued = true)
    List<String> settings;

    @Override
    void run() {
        PluginInstance current = configurations.get(pid);
        var typed = PluginSettings.parse(settings, PluginSettings.type(configurations, current.factoryPid()), session);
        // the service replaces all values; the shell changes only those typed
        PluginInstance updated = configurations.update(pid, PluginSettings.merged(current, typed), actor());
        System.out.println("Plugin instance " + updated.pid() + " updated");
        PluginInstanceShowCommand.print(updated);
    }
}
