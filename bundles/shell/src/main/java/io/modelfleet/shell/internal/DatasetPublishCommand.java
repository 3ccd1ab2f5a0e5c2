package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.dataset.Dataset;
import io.modelfleet.api.dataset.DatasetService;
import io.modelfleet.api.dataset.DatasetVersion;

@Service
@Command(scope = "fleet", name = "dataset-publish", description = "Freezes a dataset's items and labels as its next immutable version")
public class DatasetPublishCommand extends FleetAction {
    @Reference
    DatasetService datasets;

    @Argument(index = 0, name = "dataset", description = "dataset name or id", required = true)
    @Completion(DatasetCompleter.class)
    String dataset;

    @Override
    void run() {
        Dataset found = DatasetLookup.find(datasets, dataset);
        DatasetVersion version = datasets.publish(found.id(), actor());
        System.out.println("Published " + found.name() + " version " + version.number() + " (id " + version.id() + ") with "
                + version.items() + " items");
    }
}
