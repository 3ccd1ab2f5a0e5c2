package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.edge.EdgeState;

@Service
@Command(scope = "fleet", name = "edge-reject", description = "Rejects an enrolled edge; it is refused from then on")
public class EdgeRejectCommand extends EdgeStateAction {

    @Override
    EdgeState target() {
        return EdgeState.REJECTED;
    }
}
