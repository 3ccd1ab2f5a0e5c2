package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.security.Role;

/** Completes user roles. */
@Service
public class RoleCompleter extends EnumCompleter {

    public RoleCompleter() {
        super(Role.class);
    }
}
