package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.rollout.Rollout;

@Service
@Command(scope = "fleet", name = "rollout-start", description = "Starts a PLANNED rollout (or resumes a PAUSED one)")
public class RolloutStartCommand extends RolloutStateAction {
    @Override
    Rollout change(long rolloutId, String actor) {
        return rollouts.start(rolloutId, actor);
    }
}
