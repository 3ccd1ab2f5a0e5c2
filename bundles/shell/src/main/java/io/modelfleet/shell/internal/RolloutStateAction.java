package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

import io.modelfleet.api.rollout.Rollout;
import io.modelfleet.api.rollout.RolloutService;

/** Start, pause, resume, abort and rollback differ only in the service call; none asks for confirmation. */
abstract class RolloutStateAction extends FleetAction {
    @Reference
    RolloutService rollouts;

    @Argument(index = 0, name = "id", description = "rollout id", required = true)
    @Completion(RolloutCompleter.class)
    String id;

    abstract Rollout change(long rolloutId, String actor);

    @Override
    void run() {
        Rollout changed = change(Parse.id("rollout id", id), actor());
        System.out.println("Rollout " + changed.id() + " (" + changed.subject() + ") is now " + changed.state()
                + (changed.message() == null || changed.message().isBlank() ? "" : ": " + changed.message()));
    }
}
