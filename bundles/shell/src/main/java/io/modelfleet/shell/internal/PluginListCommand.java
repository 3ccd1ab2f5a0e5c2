package io.modelfleet.shell.internal;

import io.modelfleet.api.plugin.PluginInfo;
import io.modelfleet.api.plugin.PluginKind;
import io.modelfleet.api.plugin.PluginRegistry;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "fleet", name = "plugin-list", description = "Lists installed plugins and their bundles")
public class PluginListCommand extends FleetAction {
    @Reference
    private PluginRegistry registry;

    @Option(name = "--kind", description = "SOLUTION_TYPE, DATA_SOURCE, TRAINING_BACKEND or DEPLOYMENT_TARGET")
    @Completion(PluginKindCompleter.class)
    private String kind;

    @Override
    protected void run() {
        List<PluginInfo> plugins = kind == null
                ? registry.plugins()
                : registry.plugins(Parsing.enumValue(PluginKind.class, "kind", kind));
        ShellTable table = new ShellTable();
        for (String column : new String[] {"KIND", "ID", "NAME", "VERSION", "BUNDLE", "STATE"}) {
            table.column(column);
        }
        for (PluginInfo plugin : plugins) {
            table.addRow().addContent(plugin.kind(), plugin.id(), Format.text(plugin.displayName()),
                    Format.text(plugin.version()),
                    plugin.bundleSymbolicName() + " " + plugin.bundleVersion() + " [" + plugin.bundleId() + "]",
                    Format.text(plugin.state()));
        }
        table.print(System.out);
    }
}
