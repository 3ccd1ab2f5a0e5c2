package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.rollout.Rollout;

@Service
@Command(scope = "fleet", name = "rollout-resume", description = "Resumes a PAUSED rollout")
public class RolloutResumeCommand extends RolloutStateAction {
    @Override
    Rollout change(long rolloutId, String actor) {
        return rollouts.resume(rolloutId, actor);
    }
}
