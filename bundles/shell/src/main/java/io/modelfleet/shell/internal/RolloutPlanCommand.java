package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.rollout.RolloutPlan;
import io.modelfleet.api.rollout.RolloutService;
import io.modelfleet.api.stream.Stream;
import io.modelfleet.api.stream.StreamService;

@Service
@Command(scope = "fleet", name = "rollout-plan", description = "Shows or sets the rollout plan a stream's deployments "
        + "use; plan options replace the whole plan (options left out take their defaults)")
public class RolloutPlanCommand extends RolloutPlanAction {
    @Reference
    RolloutService rollouts;

    @Reference
    StreamService streams;

    @Argument(index = 0, name = "stream", description = "stream name or id", required = true)
    @Completion(StreamCompleter.class)
    String stream;

    @Option(name = "--clear", description = "remove the stream's plan: its deployments go to all edges at once")
    boolean clear;

    @Override
    void run() {
        boolean set = planOptionsGiven();
        if (set && clear) {
            throw new InvalidInputException("give plan options or --clear, not both");
        }
        RolloutPlan toSet = set ? plan() : null;
        Stream found = StreamLookup.find(streams, stream);
        if (set || clear) {
            rollouts.setStreamPlan(found.id(), toSet, actor());
        }
        RolloutPlan current = rollouts.streamPlan(found.id());
        System.out.println("Stream " + found.name() + " (" + found.id() + ")"
                + (current.equals(RolloutPlan.ONE_WAVE) ? ": all edges at once (the default)" : ""));
        System.out.print(RolloutText.plan(current, "  "));
    }
}
