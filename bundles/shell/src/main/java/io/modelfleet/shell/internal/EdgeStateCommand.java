package io.modelfleet.shell.internal;

import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.FleetService;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/** An operator decision about one edge; subclasses only name the command and the target state. */
abstract class EdgeStateCommand extends FleetAction {
    @Reference
    private FleetService fleet;

    @Argument(index = 0, name = "edge", description = "Edge id or name", required = true)
    @Completion(EdgeCompleter.class)
    private String edgeRef;

    protected abstract EdgeState target();

    @Override
    protected void run() {
        Edge edge = fleet.setState(EdgeRefs.resolve(fleet, edgeRef).id(), target(), actor());
        System.out.println("Edge " + edge.name() + " (" + edge.id() + ") is now " + edge.state());
    }
}
