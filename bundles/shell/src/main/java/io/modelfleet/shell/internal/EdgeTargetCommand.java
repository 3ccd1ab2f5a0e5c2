package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeUpdate;
import io.modelfleet.api.edge.FleetService;

@Service
@Command(scope = "fleet", name = "edge-target", description = "Shows or moves the deployment target that reaches an "
        + "edge; the edge's next rollout goes through the new one")
public class EdgeTargetCommand extends FleetAction {
    @Reference
    FleetService fleet;

    @Argument(index = 0, name = "edge", description = "edge id or name", required = true)
    @Completion(EdgeCompleter.class)
    String edge;

    @Argument(index = 1, name = "target", description = "deployment target id; omitted: show the edge's")
    @Completion(DeploymentTargetCompleter.class)
    String target;

    @Override
    void run() {
        Edge found = EdgeLookup.find(fleet, edge);
        if (target == null) {
            System.out.println("Edge " + found.id() + " (" + found.name() + ") is reached by target " + found.target());
            return;
        }
        Edge moved = fleet.updateEdge(found.id(), new EdgeUpdate(null, null, null, null, target), actor());
        System.out.println("Edge " + moved.id() + " (" + moved.name() + ") is now reached by target " + moved.target());
    }
}
