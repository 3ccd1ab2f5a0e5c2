package io.modelfleet.shell.internal;

import io.modelfleet.api.edge.EdgeState;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "fleet", name = "edge-approve", description = "Approves an edge so it may receive models")
public class EdgeApproveCommand extends EdgeStateCommand {
    @Override
    protected EdgeState target() {
        return EdgeState.APPROVED;
    }
}
