package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.model.Model;
import io.modelfleet.api.model.ModelRegistry;

@Service
@Command(scope = "fleet", name = "model-list", description = "Lists models with their version counts")
public class ModelListCommand extends FleetAction {
    @Reference
    ModelRegistry models;

    @Override
    void run() {
        ShellTable table = new ShellTable();
        table.column("NAME");
        table.column("VERSIONS").alignRight();
        table.column("LATEST");
        table.column("UPDATED");
        int count = 0;
        for (Model model : models.listModels()) {
            table.addRow().addContent(model.name(), model.versions(), model.latestVersion(), Format.instant(model.updatedAt()));
            count++;
        }
        table.print(System.out);
        System.out.println(count + " models");
    }
}
