package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.edge.ConnectionState;

/** Completes connection states. */
@Service
public class ConnectionCompleter extends EnumCompleter {

    public ConnectionCompleter() {
        super(ConnectionState.class);
    }
}
