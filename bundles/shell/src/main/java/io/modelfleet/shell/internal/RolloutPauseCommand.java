package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.rollout.Rollout;

@Service
@Command(scope = "fleet", name = "rollout-pause", description = "Pauses a RUNNING rollout: waves in flight keep "
        + "delivering, no gate is judged and no wave starts")
public class RolloutPauseCommand extends RolloutStateAction {
    @Override
    Rollout change(long rolloutId, String actor) {
        return rollouts.pause(rolloutId, actor);
    }
}
