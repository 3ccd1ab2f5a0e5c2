package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.rollout.Rollout;

@Service
@Command(scope = "fleet", name = "rollout-abort", description = "Stops a rollout where it is: no more waves, edges "
        + "keep what they run now")
public class RolloutAbortCommand extends RolloutStateAction {
    @Override
    Rollout change(long rolloutId, String actor) {
        return rollouts.abort(rolloutId, actor);
    }
}
