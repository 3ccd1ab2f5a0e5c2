package io.modelfleet.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.modelfleet.api.alert.AlertService;
import io.modelfleet.api.alert.NotificationChannel;

/** Completes notification channel ids, described by name and type. */
@Service
public class ChannelCompleter implements Completer {
    @Reference
    AlertService alerts;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(alerts.channels().stream().map(channel -> Long.toString(channel.id())).toList())
                .complete(session, commandLine, candidates);
    }

    @Override
    public void completeCandidates(Session session, CommandLine commandLine, List<Candidate> candidates) {
        for (NotificationChannel channel : alerts.channels()) {
            String id = Long.toString(channel.id());
            candidates.add(new Candidate(id, id, null, channel.name() + " " + channel.type(), null, null, true));
        }
    }
}
