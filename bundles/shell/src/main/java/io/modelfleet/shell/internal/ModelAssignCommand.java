package io.modelfleet.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.deployment.AssignRequest;
import io.modelfleet.api.deployment.DeploymentService;
import io.modelfleet.api.deployment.EdgeDeployment;
import io.modelfleet.api.edge.FleetService;
import io.modelfleet.api.edge.TagSelector;
import io.modelfleet.api.model.ModelRegistry;
import io.modelfleet.api.model.ModelVersion;

@Service
@Command(scope = "fleet", name = "model-assign", description = "Assigns an approved model version to edges, by edge and/or by tag")
public class ModelAssignCommand extends FleetAction {
    @Reference
    ModelRegistry models;

    @Reference
    DeploymentService deployments;

    @Reference
    FleetService fleet;

    @Argument(index = 0, name = "version", description = "name:version or version id", required = true)
    @Completion(ModelCompleter.class)
    String reference;

    @Option(name = "--edge", description = "edge id or name, repeatable", multiValued = true)
    @Completion(EdgeCompleter.class)
    List<String> edges;

    @Option(name = "--tag", description = "every approved edge with the tag: key or key=value")
    String tag;

    @Override
    void run() {
        ModelVersion version = models.findVersion(reference);
        List<Long> edgeIds = new ArrayList<>();
        if (edges != null) {
            for (String edge : edges) {
                edgeIds.add(EdgeLookup.find(fleet, edge).id());
            }
        }
        TagSelector byTag = TagSelector.parse(tag);
        List<EdgeDeployment> created = deployments.assign(new AssignRequest(version.id(), edgeIds,
                byTag == null ? null : byTag.key(), byTag == null ? null : byTag.value()), actor());
        DeploymentListCommand.print(created);
        System.out.println(version.reference() + " assigned to " + created.size() + " edge(s)");
    }
}
