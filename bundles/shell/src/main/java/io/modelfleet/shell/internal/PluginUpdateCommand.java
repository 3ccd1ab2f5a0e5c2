package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.plugin.InstalledPlugin;
import io.modelfleet.api.plugin.PluginCatalogService;

@Service
@Command(scope = "fleet", name = "plugin-update", description = "Updates an installed plugin to another catalog "
        + "version (default: the newest that supports this server), replacing it in one step; if the new version "
        + "does not start, the old one runs again")
public class PluginUpdateCommand extends FleetAction {
    @Reference
    PluginCatalogService updateCenter;

    @Argument(index = 0, name = "plugin", description = "the installed plugin's id", required = true)
    @Completion(CatalogPluginCompleter.class)
    String plugin;

    @Option(name = "--version", description = "the version to update to")
    String version;

    @Option(name = "--no-wait", description = "start the operation and return")
    boolean noWait;

    @Override
    void run() throws Exception {
        if (updateCenter.installed().stream().map(InstalledPlugin::id).noneMatch(plugin::equals)) {
            throw new InvalidInputException(plugin + " is not installed; install it with fleet:plugin-install");
        }
        PluginInstallCommand.finish(updateCenter, updateCenter.install(plugin, version, actor()), noWait);
    }
}
