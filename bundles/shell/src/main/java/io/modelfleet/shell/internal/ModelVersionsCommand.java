package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.model.ModelRegistry;
import io.modelfleet.api.model.ModelVersion;

@Service
@Command(scope = "fleet", name = "model-versions", description = "Lists the versions of a model, newest first")
public class ModelVersionsCommand extends FleetAction {
    @Reference
    ModelRegistry models;

    @Argument(index = 0, name = "name", description = "model name", required = true)
    @Completion(ModelNameCompleter.class)
    String name;

    @Override
    void run() {
        ShellTable table = new ShellTable();
        table.column("ID").alignRight();
        table.column("VERSION");
        table.column("STAGE");
        table.column("FORMAT");
        table.column("SIZE").alignRight();
        table.column("SHA256");
        table.column("CREATED");
        table.column("BY");
        for (ModelVersion version : models.listVersions(name)) {
            table.addRow().addContent(version.id(), version.version(), version.stage(), version.format(),
                    Format.bytes(version.sizeBytes()), version.sha256().substring(0, 12), Format.instant(version.createdAt()),
                    version.createdBy());
        }
        table.print(System.out);
    }
}
