package io.modelfleet.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.modelfleet.api.PageRequest;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeQuery;
import io.modelfleet.api.edge.EdgeUpdate;
import io.modelfleet.api.edge.FleetService;

/** Completes edge ids and names, the two forms edge arguments accept. */
@Service
public class EdgeCompleter implements Completer {
    // enough to choose from on a terminal without a noticeable pause on large fleets
    private static final int MAX_EDGES = 200;

    @Reference
    FleetService fleet;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> words = new ArrayList<>();
        for (Edge edge : fleet.listEdges(new EdgeQuery(null, null, null, null, nameSearch(commandLine),
                new PageRequest(MAX_EDGES, 0))).items()) {
            words.add(Long.toString(edge.id()));
            words.add(edge.name());
        }
        return new StringsCompleter(words).complete(session, commandLine, candidates);
    }

    /** Beyond the first page, only a search by what is typed so far finds the edge the operator means. */
    private static String nameSearch(CommandLine commandLine) {
        String word = commandLine.getCursorArgument();
        if (word == null) {
            return null;
        }
        String typed = word.substring(0, Math.min(commandLine.getArgumentPosition(), word.length()));
        // digits are (the start of) an id, which search does not match
        return typed.isBlank() || typed.chars().allMatch(Character::isDigit) || typed.length() > EdgeUpdate.MAX_NAME
                ? null : typed;
    }
}
