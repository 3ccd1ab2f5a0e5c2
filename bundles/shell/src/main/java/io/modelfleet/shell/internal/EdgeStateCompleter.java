package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.edge.EdgeState;

/** Completes edge states. */
@Service
public class EdgeStateCompleter extends EnumCompleter {

    public EdgeStateCompleter() {
        super(EdgeState.class);
    }
}
