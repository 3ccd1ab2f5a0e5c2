package io.modelfleet.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.plugin.ConfigurableType;
import io.modelfleet.api.plugin.PluginConfigurationService;
import io.modelfleet.api.plugin.PluginInstance;

@Service
@Command(scope = "fleet", name = "plugin-instance-create", description = "Configures a new plugin instance, e.g. "
        + "fleet:plugin-instance-create io.modelfleet.plugin.source.s3 id=bucket1 bucket=b accessKey=AK secretKey")
public class PluginInstanceCreateCommand extends FleetAction {
    @Reference
    PluginConfigurationService configurations;

    @Argument(index = 0, name = "factoryPid", description = "the plugin type (fleet:plugin-types)", required = true)
    @Completion(PluginTypeCompleter.class)
    String factoryPid;

    @Argument(index = 1, name = "settings", description = "key=value; a secret's name alone is asked for without echo",
            multiValued = true)
    List<String> settings;

    @Override
    void run() {
        ConfigurableType type = PluginSettings.type(configurations, factoryPid);
        PluginInstance created = configurations.create(factoryPid, PluginSettings.parse(settings, type, session),
                actor());
        System.out.println("Plugin instance " + created.pid() + " created");
        PluginInstanceShowCommand.print(created);
    }
}
