package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.rollout.RolloutState;

/** Completes rollout states. */
@Service
public class RolloutStateCompleter extends EnumCompleter {

    public RolloutStateCompleter() {
        super(RolloutState.class);
    }
}
