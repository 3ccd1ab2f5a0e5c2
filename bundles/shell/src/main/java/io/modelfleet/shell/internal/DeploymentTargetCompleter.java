package io.modelfleet.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.modelfleet.api.plugin.PluginInfo;
import io.modelfleet.api.plugin.PluginKind;
import io.modelfleet.api.plugin.PluginRegistry;

/** Completes the ids of the installed deployment targets, with their names. */
@Service
public class DeploymentTargetCompleter implements Completer {
    @Reference
    PluginRegistry registry;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(targets().stream().map(PluginInfo::id).toList())
                .complete(session, commandLine, candidates);
    }

    @Override
    public void completeCandidates(Session session, CommandLine commandLine, List<Candidate> candidates) {
        for (PluginInfo target : targets()) {
            candidates.add(new Candidate(target.id(), target.id(), null, target.displayName(), null, null, true));
        }
    }

    private List<PluginInfo> targets() {
        return registry.plugins(PluginKind.DEPLOYMENT_TARGET);
    }
}
