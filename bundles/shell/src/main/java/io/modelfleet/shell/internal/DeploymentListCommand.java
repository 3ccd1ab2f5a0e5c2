package io.modelfleet.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.deployment.DeploymentService;
import io.modelfleet.api.deployment.EdgeDeployment;
import io.modelfleet.api.edge.FleetService;
import io.modelfleet.api.model.ModelRegistry;

@Service
@Command(scope = "fleet", name = "deployment-list", description = "Shows where model versions stand on edges")
public class DeploymentListCommand extends FleetAction {
    @Reference
    DeploymentService deployments;

    @Reference
    ModelRegistry models;

    @Reference
    FleetService fleet;

    @Option(name = "--edge", description = "an edge's deployments, newest first (id or name)")
    @Completion(EdgeCompleter.class)
    String edge;

    @Option(name = "--model", description = "the edges currently assigned a version (name:version or id)")
    @Completion(ModelCompleter.class)
    String model;

    @Option(name = "--limit", description = "with --edge: how many (1..500, default 20)")
    Integer limit;

    @Override
    void run() {
        if ((edge == null) == (model == null)) {
            throw new InvalidInputException("name either --edge or --model");
        }
        List<EdgeDeployment> found = edge != null
                ? deployments.forEdge(EdgeLookup.find(fleet, edge).id(), limit == null ? 20 : limit)
                : deployments.forModelVersion(models.findVersion(model).id());
        print(found);
    }

    static void print(List<EdgeDeployment> found) {
        ShellTable table = new ShellTable();
        table.column("ID").alignRight();
        table.column("EDGE");
        table.column("MODEL");
        table.column("STATUS");
        table.column("CURRENT");
        table.column("UPDATED");
        table.column("DETAIL").maxSize(60);
        for (EdgeDeployment d : found) {
            table.addRow().addContent(d.id(), d.edgeName() + " (" + d.edgeId() + ")", d.modelName() + ":" + d.modelVersion(),
                    d.status(), d.current() ? "yes" : "", Format.instant(d.updatedAt()), Format.text(d.detail()));
        }
        table.print(System.out);
    }
}
