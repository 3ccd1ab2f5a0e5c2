package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.plugin.PluginConfigurationService;

@Service
@Command(scope = "fleet", name = "plugin-instance-delete", description = "Deletes a plugin instance's configuration; "
        + "the plugin instance goes away with it")
public class PluginInstanceDeleteCommand extends FleetAction {
    @Reference
    PluginConfigurationService configurations;

    @Argument(index = 0, name = "pid", description = "the instance's PID", required = true)
    @Completion(PluginInstanceCompleter.class)
    String pid;

    @Override
    void run() {
        configurations.delete(pid, actor());
        System.out.println("Plugin instance " + pid + " deleted");
    }
}
