package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.plugin.ConfigField;
import io.modelfleet.api.plugin.ConfigurableType;
import io.modelfleet.api.plugin.PluginConfigurationService;

@Service
@Command(scope = "fleet", name = "plugin-types", description = "Lists the configurable plugin types, or the settings "
        + "of one")
public class PluginTypesCommand extends FleetAction {
    @Reference
    PluginConfigurationService configurations;

    @Argument(index = 0, name = "factoryPid", description = "the type whose settings to list")
    @Completion(PluginTypeCompleter.class)
    String factoryPid;

    @Override
    void run() {
        if (factoryPid != null) {
            settings(PluginSettings.type(configurations, factoryPid));
            return;
        }
        ShellTable table = new ShellTable().emptyTableText("no configurable plugins installed");
        table.column("FACTORY PID");
        table.column("NAME");
        table.column("BUNDLE");
        table.column("SETTINGS");
        for (ConfigurableType type : configurations.types()) {
            table.addRow().addContent(type.factoryPid(), type.name(), type.bundle(), type.fields().size());
        }
        table.print(System.out);
    }

    private static void settings(ConfigurableType type) {
        System.out.println(type.name() + (type.description() == null ? "" : ": " + type.description()));
        ShellTable table = new ShellTable().emptyTableText("no settings");
        table.column("ID");
        table.column("TYPE");
        table.column("REQUIRED");
        table.column("DEFAULT");
        table.column("DESCRIPTION").maxSize(80).wrap();
        for (ConfigField field : type.fields()) {
            table.addRow().addContent(field.id(), PluginSettings.describe(field),
                    field.required() && field.defaults().isEmpty() ? "yes" : "",
                    String.join(",", field.defaults()), Format.text(field.description()));
        }
        table.print(System.out);
    }
}
