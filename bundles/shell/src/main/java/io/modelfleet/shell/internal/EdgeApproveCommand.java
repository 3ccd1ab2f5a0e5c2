package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.edge.EdgeState;

@Service
@Command(scope = "fleet", name = "edge-approve", description = "Approves an edge so it may send results and receive models")
public class EdgeApproveCommand extends EdgeStateAction {

    @Override
    EdgeState target() {
        return EdgeState.APPROVED;
    }
}
