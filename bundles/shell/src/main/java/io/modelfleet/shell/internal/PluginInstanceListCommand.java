package io.modelfleet.shell.internal;

import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.plugin.PluginConfigurationService;
import io.modelfleet.api.plugin.PluginInstance;

@Service
@Command(scope = "fleet", name = "plugin-instance-list", description = "Lists configured plugin instances (data "
        + "sources, training backends, deployment targets); secrets only as set or not")
public class PluginInstanceListCommand extends FleetAction {
    @Reference
    PluginConfigurationService configurations;

    @Option(name = "--type", description = "only instances of this factory PID")
    @Completion(PluginTypeCompleter.class)
    String type;

    @Override
    void run() {
        ShellTable table = new ShellTable().emptyTableText("no plugin instances configured");
        table.column("PID");
        table.column("TYPE");
        table.column("ID");
        table.column("SECRETS");
        for (PluginInstance instance : configurations.instances(type)) {
            table.addRow().addContent(instance.pid(), instance.factoryPid(), Format.text(instance.values().get("id")),
                    instance.secretsSet().entrySet().stream()
                            .map(secret -> secret.getKey() + (secret.getValue() ? " set" : " not set"))
                            .collect(Collectors.joining(", ")));
        }
        table.print(System.out);
    }
}
