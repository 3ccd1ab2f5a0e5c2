package io.modelfleet.shell.internal;

import io.modelfleet.api.edge.EdgeState;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
public class EdgeStateCompleter extends EnumCompleter {
    public EdgeStateCompleter() {
        super(EdgeState.class);
    }
}
