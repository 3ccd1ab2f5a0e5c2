package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.plugin.CatalogPlugin;
import io.modelfleet.api.plugin.CatalogRelease;
import io.modelfleet.api.plugin.InstalledPlugin;
import io.modelfleet.api.plugin.PluginCatalog;
import io.modelfleet.api.plugin.PluginCatalogService;
import io.modelfleet.api.plugin.PluginOperation;

@Service
@Command(scope = "fleet", name = "plugin-catalog", description = "Lists the plugins the update center's catalog "
        + "offers and what is installed; --installed lists what the update center installed, --operations its recent work")
public class PluginCatalogCommand extends FleetAction {
    @Reference
    PluginCatalogService updateCenter;

    @Option(name = "--installed", description = "list the plugins installed through the update center instead")
    boolean installed;

    @Option(name = "--operations", description = "list recent install, update and removal operations instead")
    boolean operations;

    @Override
    void run() {
        if (operations) {
            ShellTable table = new ShellTable().emptyTableText("no plugin operations since the server started");
            for (String column : new String[] { "STARTED", "ACTION", "PLUGIN", "VERSION", "STATE", "PROGRESS", "STEP OR ERROR", "BY" }) {
                table.column(column);
            }
            for (PluginOperation operation : updateCenter.operations()) {
                table.addRow().addContent(Format.instant(operation.startedAt()), operation.action(), operation.pluginId(),
                        Format.text(operation.version()), operation.state(), Math.round(operation.progress() * 100) + "%",
                        operation.error() != null ? operation.error() : operation.step(), operation.actor());
            }
            table.print(System.out);
            return;
        }
        if (installed) {
            ShellTable table = new ShellTable().emptyTableText("no plugins installed through the update center");
            for (String column : new String[] { "ID", "VERSION", "FEATURE", "SOURCE", "INSTALLED", "BY" }) {
                table.column(column);
            }
            for (InstalledPlugin plugin : updateCenter.installed()) {
                table.addRow().addContent(plugin.id(), plugin.version(), plugin.feature(), plugin.source(),
                        Format.instant(plugin.installedAt()), plugin.installedBy());
            }
            table.print(System.out);
            return;
        }
        PluginCatalog catalog = updateCenter.catalog();
        System.out.println("Catalog " + catalog.location() + " (this server: platform " + catalog.platformVersion() + ")");
        ShellTable table = new ShellTable().emptyTableText("the catalog lists no plugins");
        for (String column : new String[] { "ID", "KIND", "NAME", "INSTALLED", "NEWEST FOR THIS SERVER", "VERSIONS" }) {
            table.column(column);
        }
        for (CatalogPlugin plugin : catalog.plugins()) {
            table.addRow().addContent(plugin.id(), plugin.kind(), plugin.name(), Format.text(plugin.installedVersion()),
                    plugin.versions().stream().filter(CatalogRelease::compatible).map(CatalogRelease::version).findFirst()
                            .orElse("none"),
                    String.join(", ", plugin.versions().stream().map(CatalogRelease::version).toList()));
        }
        table.print(System.out);
    }
}
