package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.plugin.PluginCatalogService;

@Service
@Command(scope = "fleet", name = "plugin-uninstall", description = "Removes a plugin installed through the update "
        + "center, without a restart")
public class PluginUninstallCommand extends FleetAction {
    @Reference
    PluginCatalogService updateCenter;

    @Argument(index = 0, name = "plugin", description = "the installed plugin's id", required = true)
    @Completion(CatalogPluginCompleter.class)
    String plugin;

    @Option(name = "--no-wait", description = "start the operation and return")
    boolean noWait;

    @Override
    void run() throws Exception {
        PluginInstallCommand.finish(updateCenter, updateCenter.uninstall(plugin, actor()), noWait);
    }
}
