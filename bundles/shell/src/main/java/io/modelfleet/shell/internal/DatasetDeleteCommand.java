package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.dataset.Dataset;
import io.modelfleet.api.dataset.DatasetService;

@Service
@Command(scope = "fleet", name = "dataset-delete", description = "Deletes a dataset: no longer listed, its name free "
        + "again; its items and files are collected except versions training runs or models name. Refused while it "
        + "imports or when streams train on it")
public class DatasetDeleteCommand extends FleetAction {
    @Reference
    DatasetService datasets;

    @Option(name = "--force", aliases = "-f", description = "do not ask for confirmation")
    boolean force;

    @Argument(index = 0, name = "dataset", description = "dataset id or name", required = true)
    @Completion(DatasetCompleter.class)
    String dataset;

    @Override
    void run() throws Exception {
        Dataset found = DatasetLookup.find(datasets, dataset);
        String what = "Dataset " + found.id() + " (" + found.name() + ") with " + found.items() + " item(s) and "
                + found.versions() + " version(s) will be deleted.";
        if (!force && !Confirmation.confirmed(session, what, found.name())) {
            return;
        }
        datasets.delete(found.id(), actor());
        System.out.println("Dataset " + found.id() + " (" + found.name() + ") deleted");
    }
}
