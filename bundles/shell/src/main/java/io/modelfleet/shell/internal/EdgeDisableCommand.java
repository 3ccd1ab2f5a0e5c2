package io.modelfleet.shell.internal;

import io.modelfleet.api.edge.EdgeState;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "fleet", name = "edge-disable", description = "Disables an edge so the platform refuses it")
public class EdgeDisableCommand extends EdgeStateCommand {
    @Override
    protected EdgeState target() {
        return EdgeState.DISABLED;
    }
}
