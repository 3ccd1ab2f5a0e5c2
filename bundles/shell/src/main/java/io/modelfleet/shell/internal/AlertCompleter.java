package io.modelfleet.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.modelfleet.api.PageRequest;
import io.modelfleet.api.alert.Alert;
import io.modelfleet.api.alert.AlertService;

/** Completes the ids of open alerts (the ones to acknowledge, silence or look at), described by rule and subject. */
@Service
public class AlertCompleter implements Completer {
    // the newest open alerts: more would not fit a screen of candidates
    static final int RECENT = 50;

    @Reference
    AlertService alerts;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(open().stream().map(alert -> Long.toString(alert.id())).toList())
                .complete(session, commandLine, candidates);
    }

    @Override
    public void completeCandidates(Session session, CommandLine commandLine, List<Candidate> candidates) {
        for (Alert alert : open()) {
            String id = Long.toString(alert.id());
            candidates.add(new Candidate(id, id, null, alert.ruleName() + ", " + Format.text(alert.subjectLabel())
                    + " " + alert.state(), null, null, true));
        }
    }

    private List<Alert> open() {
        return alerts.alerts(true, null, new PageRequest(RECENT, 0)).items();
    }
}
