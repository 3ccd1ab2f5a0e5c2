package io.modelfleet.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeRegistration;
import io.modelfleet.api.edge.FleetService;

@Service
@Command(scope = "fleet", name = "edge-register", description = "Records an edge that a push target (Kubernetes, "
        + "GitOps) reaches rather than an enrolled agent; it is APPROVED at once")
public class EdgeRegisterCommand extends FleetAction {
    @Reference
    FleetService fleet;

    @Argument(index = 0, name = "name", description = "letters, digits, '.', '-' and '_'", required = true)
    String name;

    // not required = true: the API's message says what the target is for
    @Option(name = "--target", description = "the deployment target that reaches the edge (required)")
    @Completion(DeploymentTargetCompleter.class)
    String target;

    @Option(name = "--tag", description = "key=value, repeatable", multiValued = true)
    List<String> tags;

    @Option(name = "--location", description = "where the edge is")
    String location;

    @Option(name = "--description", description = "what the edge is")
    String description;

    @Override
    void run() {
        Edge registered = fleet.registerEdge(new EdgeRegistration(name, description, location,
                Parse.keyValues(tags), target), actor());
        System.out.println("Edge " + registered.id() + " (" + registered.name() + ") registered: "
                + registered.state() + ", reached by target " + registered.target());
    }
}
