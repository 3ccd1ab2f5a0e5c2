package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.edge.EdgeState;

@Service
@Command(scope = "fleet", name = "edge-disable", description = "Disables an edge; it is refused until approved again")
public class EdgeDisableCommand extends EdgeStateAction {

    @Override
    EdgeState target() {
        return EdgeState.DISABLED;
    }
}
