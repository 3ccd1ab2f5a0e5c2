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
import io.modelfleet.api.stream.Stream;
import io.modelfleet.api.stream.StreamService;

@Service
@Command(scope = "fleet", name = "stream-collection", description = "Shows or sets which inputs the edges running a "
        + "stream's models send back as training data (an edge's own policy wins)")
public class StreamCollectionCommand extends FleetAction {
    @Reference
    DeploymentService deployments;

    @Reference
    StreamService streams;

    @Argument(index = 0, name = "stream", description = "stream name or id", required = true)
    @Completion(StreamCompleter.class)
    String stream;

    @Argument(index = 1, name = "policy", description = CollectionPolicies.FORMS + "; omitted: show the stream's")
    @Completion(CollectionPolicyCompleter.class)
    String policy;

    @Option(name = "--clear", description = "remove the stream's policy: its edges keep their own, or else their "
            + "agent's local configuration")
    boolean clear;

    @Override
    void run() {
        CollectionPolicy toSet = CollectionPolicies.toSet(policy, clear);
        Stream found = StreamLookup.find(streams, stream);
        if (toSet != null || clear) {
            deployments.setStreamCollectionPolicy(found.id(), toSet, actor());
        }
        CollectionPolicy current = deployments.streamCollectionPolicy(found.id());

        ShellTable table = new ShellTable();
        table.column("STREAM");
        table.column("POLICY");
        table.column("COLLECTS");
        table.addRow().addContent(found.name() + " (" + found.id() + ")", CollectionPolicies.text(current),
                current == null ? "per edge: its own policy, else what its agent's local configuration says"
                        : CollectionPolicies.collects(current, "the model's confidence threshold (stream: "
                                + CollectionPolicies.number(found.confidenceThreshold()) + ")"));
        table.print(System.out);
    }
}
