package io.modelfleet.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.plugin.PluginInfo;
import io.modelfleet.api.plugin.PluginKind;
import io.modelfleet.api.plugin.PluginRegistry;

@Service
@Command(scope = "fleet", name = "plugin-list", description = "Lists installed plugins and the bundles providing them")
public class PluginListCommand extends FleetAction {

    @Reference
    PluginRegistry registry;

    @Option(name = "--kind", description = "SOLUTION_TYPE, DATA_SOURCE, TRAINING_BACKEND or DEPLOYMENT_TARGET")
    @Completion(PluginKindCompleter.class)
    String kind;

    @Override
    void run() {
        PluginKind parsedKind = Parse.enumValue("kind", kind, PluginKind.class);
        List<PluginInfo> plugins = parsedKind == null ? registry.plugins() : registry.plugins(parsedKind);
        ShellTable table = new ShellTable().emptyTableText("no plugins installed");
        table.column("KIND");
        table.column("ID");
        table.column("NAME");
        table.column("VERSION");
        table.column("BUNDLE");
        table.column("STATE");
        for (PluginInfo plugin : plugins) {
            table.addRow().addContent(plugin.kind(), plugin.id(), plugin.displayName(), plugin.version(),
                    plugin.bundleSymbolicName() + "/" + plugin.bundleVersion() + " [" + plugin.bundleId() + "]",
                    Format.text(plugin.state()));
        }
        table.print(System.out);
    }
}
