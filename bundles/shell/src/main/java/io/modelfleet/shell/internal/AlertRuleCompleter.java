package io.modelfleet.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.modelfleet.api.alert.AlertRule;
import io.modelfleet.api.alert.AlertService;

/** Completes alert rule ids, described by name and kind. */
@Service
public class AlertRuleCompleter implements Completer {
    @Reference
    AlertService alerts;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(alerts.rules().stream().map(rule -> Long.toString(rule.id())).toList())
                .complete(session, commandLine, candidates);
    }

    @Override
    public void completeCandidates(Session session, CommandLine commandLine, List<Candidate> candidates) {
        for (AlertRule rule : alerts.rules()) {
            String id = Long.toString(rule.id());
            candidates.add(new Candidate(id, id, null, rule.name() + " " + rule.kind()
                    + (rule.enabled() ? "" : " (disabled)"), null, null, true));
        }
    }
}
