package io.modelfleet.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.modelfleet.api.model.Model;
import io.modelfleet.api.model.ModelRegistry;

/** Completes model names. */
@Service
public class ModelNameCompleter implements Completer {
    @Reference
    ModelRegistry models;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(models.listModels().stream().map(Model::name).toList())
                .complete(session, commandLine, candidates);
    }
}
