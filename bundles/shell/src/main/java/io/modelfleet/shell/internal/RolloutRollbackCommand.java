package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.rollout.Rollout;

@Service
@Command(scope = "fleet", name = "rollout-rollback", description = "Takes every edge the rollout reached back to the "
        + "version it ran before (edges that ran none are unassigned)")
public class RolloutRollbackCommand extends RolloutStateAction {
    @Override
    Rollout change(long rolloutId, String actor) {
        return rollouts.rollback(rolloutId, actor);
    }
}
