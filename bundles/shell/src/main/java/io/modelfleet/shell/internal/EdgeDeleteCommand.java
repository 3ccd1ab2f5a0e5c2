package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.FleetService;

@Service
@Command(scope = "fleet", name = "edge-delete", description = "Deletes an edge: its credential stops working at once "
        + "and it is no longer listed; its results, samples and events stay under its id unless --remove-data")
public class EdgeDeleteCommand extends FleetAction {
    @Reference
    FleetService fleet;

    @Option(name = "--remove-data", description = "also remove the edge's results, samples and events (in batches, "
            + "in the background)")
    boolean removeData;

    @Option(name = "--force", aliases = "-f", description = "do not ask for confirmation")
    boolean force;

    @Argument(index = 0, name = "edge", description = "edge id or name", required = true)
    @Completion(EdgeCompleter.class)
    String edge;

    @Override
    void run() throws Exception {
        Edge found = EdgeLookup.find(fleet, edge);
        String what = "Edge " + found.id() + " (" + found.name() + ") will be deleted and its credential revoked; its "
                + "results, samples and events " + (removeData ? "will be removed." : "stay under id " + found.id() + ".");
        if (!force && !Confirmation.confirmed(session, what, found.name())) {
            return;
        }
        fleet.deleteEdge(found.id(), removeData, actor());
        System.out.println("Edge " + found.id() + " (" + found.name() + ") deleted"
                + (removeData ? "; its data is being removed" : "; its data stays under id " + found.id()));
    }
}
