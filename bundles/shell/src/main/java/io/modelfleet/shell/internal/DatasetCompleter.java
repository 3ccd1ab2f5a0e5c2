package io.modelfleet.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.modelfleet.api.dataset.Dataset;
import io.modelfleet.api.dataset.DatasetService;

/** Completes dataset names. */
@Service
public class DatasetCompleter implements Completer {
    @Reference
    DatasetService datasets;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(datasets.list().stream().map(Dataset::name).toList())
                .complete(session, commandLine, candidates);
    }
}
