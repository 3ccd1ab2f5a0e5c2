package io.modelfleet.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.modelfleet.api.plugin.ConfigurableType;
import io.modelfleet.api.plugin.PluginConfigurationService;

/** Completes the factory PIDs of configurable plugin types, with their names. */
@Service
public class PluginTypeCompleter implements Completer {
    @Reference
    PluginConfigurationService configurations;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(configurations.types().stream().map(ConfigurableType::factoryPid).toList())
                .complete(session, commandLine, candidates);
    }

    @Override
    public void completeCandidates(Session session, CommandLine commandLine, List<Candidate> candidates) {
        for (ConfigurableType type : configurations.types()) {
            candidates.add(new Candidate(type.factoryPid(), type.factoryPid(), null, type.name(), null, null, true));
        }
    }
}
