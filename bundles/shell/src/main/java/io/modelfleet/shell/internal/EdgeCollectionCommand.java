package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.deployment.CollectionPolicy;
import io.modelfleet.api.deployment.DeploymentService;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.FleetService;

@Service
@Command(scope = "fleet", name = "edge-collection", description = "Shows or sets which inputs an edge sends back as "
        + "training data; the edge's own policy wins over that of its model's stream")
public class EdgeCollectionCommand extends FleetAction {
    @Reference
    DeploymentService deployments;

    @Reference
    FleetService fleet;

    @Argument(index = 0, name = "edge", description = "edge id or name", required = true)
    @Completion(EdgeCompleter.class)
    String edge;

    @Argument(index = 1, name = "policy", description = "the edge's own policy: " + CollectionPolicies.FORMS
            + "; omitted: show the policy the edge gets")
    @Completion(CollectionPolicyCompleter.class)
    String policy;

    @Option(name = "--clear", description = "remove the edge's own policy: its model's stream's applies again, "
            + "or else the agent's local configuration")
    boolean clear;

    @Override
    void run() {
        CollectionPolicy toSet = CollectionPolicies.toSet(policy, clear);
        Edge found = EdgeLookup.find(fleet, edge);
        if (toSet != null || clear) {
            deployments.setEdgeCollectionPolicy(found.id(), toSet, actor());
        }
        CollectionPolicy own = deployments.edgeCollectionPolicy(found.id());
        // without one of its own, the edge gets its model's stream's, if any
        CollectionPolicy effective = deployments.effectiveCollectionPolicy(found.id());

        ShellTable table = new ShellTable();
        table.column("EDGE");
        table.column("POLICY");
        table.column("SET ON");
        table.column("COLLECTS");
        table.addRow().addContent(found.name() + " (" + found.id() + ")", CollectionPolicies.text(effective),
                own != null ? "edge" : effective != null ? "model's stream" : "-",
                effective == null ? "what the agent's local configuration says"
                        : CollectionPolicies.collects(effective, "the model's confidence threshold"));
        table.print(System.out);
    }
}
