package io.modelfleet.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.modelfleet.api.agent.AgentRelease;
import io.modelfleet.api.agent.AgentReleaseService;

/** Completes the ids of recent agent releases, described by their version and bundle count. */
@Service
public class AgentReleaseCompleter implements Completer {
    // the releases an operator rolls out or looks at are the recent ones
    static final int RECENT = 50;

    @Reference
    AgentReleaseService releases;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(recent().stream().map(release -> Long.toString(release.id())).toList())
                .complete(session, commandLine, candidates);
    }

    @Override
    public void completeCandidates(Session session, CommandLine commandLine, List<Candidate> candidates) {
        for (AgentRelease release : recent()) {
            String id = Long.toString(release.id());
            candidates.add(new Candidate(id, id, null, "agent " + release.version() + ", "
                    + AgentReleaseShowCommand.bundles(release), null, null, true));
        }
    }

    private List<AgentRelease> recent() {
        return releases.list(RECENT, 0).items();
    }
}
