package io.modelfleet.shell.internal;

import io.modelfleet.api.edge.ConnectionState;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
public class ConnectionCompleter extends EnumCompleter {
    public ConnectionCompleter() {
        super(ConnectionState.class);
    }
}
