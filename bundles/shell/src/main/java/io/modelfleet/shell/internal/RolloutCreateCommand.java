package io.modelfleet.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.agent.AgentReleaseService;
import io.modelfleet.api.edge.FleetService;
import io.modelfleet.api.edge.TagSelector;
import io.modelfleet.api.model.ModelRegistry;
import io.modelfleet.api.rollout.Rollout;
import io.modelfleet.api.rollout.RolloutPlan;
import io.modelfleet.api.rollout.RolloutRequest;
import io.modelfleet.api.rollout.RolloutService;

@Service
@Command(scope = "fleet", name = "rollout-create", description = "Rolls an approved model version, or with "
        + "--agent-release an agent release, out to edges wave by wave, each judged by health and quality gates; edges "
        + "by name or id, by --tag, by --target, or several")
public class RolloutCreateCommand extends RolloutPlanAction {
    @Reference
    ModelRegistry models;

    @Reference
    FleetService fleet;

    @Reference
    RolloutService rollouts;

    @Reference
    AgentReleaseService releases;

    @Argument(index = 0, name = "version", description = "name:version or version id; left out with "
            + "--agent-release, where every argument names an edge")
    @Completion(ModelCompleter.class)
    String reference;

    @Argument(index = 1, name = "edges", description = "edge ids or names", multiValued = true)
    @Completion(EdgeCompleter.class)
    List<String> edges;

    @Option(name = "--tag", description = "every edge with the tag: key or key=value")
    String tag;

    @Option(name = "--target", description = "every edge the deployment target reaches")
    @Completion(DeploymentTargetCompleter.class)
    String target;

    @Option(name = "--agent-release", description = "roll out this agent release (id or version) instead of a model "
            + "version")
    @Completion(AgentReleaseCompleter.class)
    String agentRelease;

    @Option(name = "--planned", description = "create the rollout without starting it (fleet:rollout-start starts it)")
    boolean planned;

    @Override
    void run() {
        // options first: a typo in them should not cost lookups, nor be hidden by a lookup's error
        RolloutPlan plan = plan();
        TagSelector byTag = TagSelector.parse(tag);
        List<String> edgeRefs = new ArrayList<>(edges == null ? List.of() : edges);
        Long versionId = null;
        Long releaseId = null;
        if (agentRelease != null) {
            // edge names hold no ':', so a first argument with one is a model version given as well
            if (reference != null && reference.contains(":")) {
                throw new InvalidInputException("give a model version or --agent-release, not both");
            }
            if (reference != null) {
                edgeRefs.add(0, reference);
            }
            releaseId = AgentReleaseLookup.find(releases, agentRelease).id();
        } else if (reference == null) {
            throw new InvalidInputException("name what to roll out: a model version (name:version or id) or "
                    + "--agent-release <id or version>");
        } else {
            versionId = models.findVersion(reference).id();
        }
        List<Long> edgeIds = new ArrayList<>();
        for (String edge : edgeRefs) {
            edgeIds.add(EdgeLookup.find(fleet, edge).id());
        }
        Rollout created = rollouts.create(new RolloutRequest(versionId, releaseId, edgeIds,
                byTag == null ? null : byTag.key(), byTag == null ? null : byTag.value(), target, plan, !planned),
                actor());
        System.out.print(RolloutShowCommand.describe(created, rollouts.gates(created.id()), null));
    }
}
