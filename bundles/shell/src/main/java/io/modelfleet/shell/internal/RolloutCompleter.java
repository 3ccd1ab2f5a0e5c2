package io.modelfleet.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.modelfleet.api.rollout.Rollout;
import io.modelfleet.api.rollout.RolloutService;

/** Completes the ids of recent rollouts; subject and state tell them apart, since ids alone say nothing. */
@Service
public class RolloutCompleter implements Completer {
    // the rollouts an operator acts on are the recent ones
    static final int RECENT = 50;

    @Reference
    RolloutService rollouts;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(recent().stream().map(rollout -> Long.toString(rollout.id())).toList())
                .complete(session, commandLine, candidates);
    }

    @Override
    public void completeCandidates(Session session, CommandLine commandLine, List<Candidate> candidates) {
        for (Rollout rollout : recent()) {
            String id = Long.toString(rollout.id());
            candidates.add(new Candidate(id, id, null, rollout.subject() + " " + rollout.state(), null, null, true));
        }
    }

    private List<Rollout> recent() {
        return rollouts.list(null, RECENT, 0).items();
    }
}
