package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.dataset.Dataset;
import io.modelfleet.api.dataset.DatasetService;

@Service
@Command(scope = "fleet", name = "dataset-list", description = "Lists datasets with their item and version counts")
public class DatasetListCommand extends FleetAction {
    @Reference
    DatasetService datasets;

    @Override
    void run() {
        ShellTable table = new ShellTable();
        table.column("ID").alignRight();
        table.column("NAME");
        table.column("KIND");
        table.column("STATE");
        table.column("ITEMS").alignRight();
        table.column("VERSIONS").alignRight();
        table.column("LABELS");
        table.column("UPDATED");
        int count = 0;
        for (Dataset dataset : datasets.list()) {
            table.addRow().addContent(dataset.id(), dataset.name(), dataset.kind(), dataset.state(), dataset.items(),
                    dataset.versions(), String.join(",", dataset.labels()), Format.instant(dataset.updatedAt()));
            count++;
        }
        table.print(System.out);
        System.out.println(count + " datasets; sources: " + String.join(", ", datasets.sources()));
    }
}
