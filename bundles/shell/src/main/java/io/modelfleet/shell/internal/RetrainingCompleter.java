package io.modelfleet.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.modelfleet.api.stream.Retraining;
import io.modelfleet.api.stream.RetrainingService;

/** Completes the ids of recent retrainings; stream and state tell them apart, since ids alone say nothing. */
@Service
public class RetrainingCompleter implements Completer {
    // the retrainings an operator continues, stops or looks at are the recent ones
    static final int RECENT = 50;

    @Reference
    RetrainingService retrainings;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(recent().stream().map(retraining -> Long.toString(retraining.id())).toList())
                .complete(session, commandLine, candidates);
    }

    @Override
    public void completeCandidates(Session session, CommandLine commandLine, List<Candidate> candidates) {
        for (Retraining retraining : recent()) {
            String id = Long.toString(retraining.id());
            candidates.add(new Candidate(id, id, null, retraining.streamName() + " " + retraining.state(), null, null,
                    true));
        }
    }

    private List<Retraining> recent() {
        return retrainings.list(null, RECENT);
    }
}
