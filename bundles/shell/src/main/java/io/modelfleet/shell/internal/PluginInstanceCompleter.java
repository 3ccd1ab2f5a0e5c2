package io.modelfleet.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.modelfleet.api.plugin.PluginConfigurationService;
import io.modelfleet.api.plugin.PluginInstance;

/** Completes the PIDs of configured plugin instances, with their type. */
@Service
public class PluginInstanceCompleter implements Completer {
    @Reference
    PluginConfigurationService configurations;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(configurations.instances(null).stream().map(PluginInstance::pid).toList())
                .complete(session, commandLine, candidates);
    }

    @Override
    public void completeCandidates(Session session, CommandLine commandLine, List<Candidate> candidates) {
        for (PluginInstance instance : configurations.instances(null)) {
            candidates.add(new Candidate(instance.pid(), instance.pid(), null, instance.factoryPid(), null, null, true));
        }
    }
}
