package io.modelfleet.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.modelfleet.api.dataset.DatasetService;

/** Completes the ids of the data source instances installed now. */
@Service
public class DataSourceCompleter implements Completer {
    @Reference
    DatasetService datasets;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(datasets.sources()).complete(session, commandLine, candidates);
    }
}
