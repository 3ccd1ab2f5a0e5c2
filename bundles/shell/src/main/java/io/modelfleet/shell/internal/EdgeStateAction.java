package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.FleetService;

/** The operator decisions approve, reject and disable differ only in the state they set. */
abstract class EdgeStateAction extends FleetAction {

    @Reference
    FleetService fleet;

    @Argument(index = 0, name = "edge", description = "edge id or name", required = true)
    @Completion(EdgeCompleter.class)
    String edge;

    abstract EdgeState target();

    @Override
    void run() {
        Edge changed = fleet.setState(EdgeLookup.find(fleet, edge).id(), target(), actor());
        System.out.println("Edge " + changed.id() + " (" + changed.name() + ") is now " + changed.state());
    }
}
