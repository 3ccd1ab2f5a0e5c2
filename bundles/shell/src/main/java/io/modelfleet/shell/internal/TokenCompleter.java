package io.modelfleet.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.modelfleet.api.edge.FleetService;

/** Completes the ids of enrollment tokens that can still enroll (the ones worth revoking). */
@Service
public class TokenCompleter implements Completer {
    @Reference
    FleetService fleet;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(fleet.listTokens(false).stream().map(token -> Long.toString(token.id())).toList())
                .complete(session, commandLine, candidates);
    }
}
