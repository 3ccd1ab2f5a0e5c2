package io.modelfleet.shell.internal;

import io.modelfleet.api.edge.EdgeState;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "fleet", name = "edge-reject", description = "Rejects a pending edge")
public class EdgeRejectCommand extends EdgeStateCommand {
    @Override
    protected EdgeState target() {
        return EdgeState.REJECTED;
    }
}
