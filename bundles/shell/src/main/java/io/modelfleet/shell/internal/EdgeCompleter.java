package io.modelfleet.shell.internal;

import io.modelfleet.api.ModelFleetException;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeQuery;
import io.modelfleet.api.edge.FleetService;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes edge ids and names; asks the fleet on every tab press so new enrollments show up at once. */
@Service
public class EdgeCompleter implements Completer {
    @Reference
    private FleetService fleet;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> refs = new ArrayList<>();
        try {
            for (Edge edge : fleet.listEdges(new EdgeQuery(null, null, null, null, null,
                    new PageRequest(PageRequest.MAX_LIMIT, 0))).items()) {
                refs.add(Long.toString(edge.id()));
                refs.add(edge.name());
            }
        } catch (ModelFleetException e) {
            // a tab press must not print an error; offer nothing instead
            return -1;
        }
        return new StringsCompleter(refs).complete(session, commandLine, candidates);
    }
}
