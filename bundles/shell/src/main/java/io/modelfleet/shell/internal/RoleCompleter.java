package io.modelfleet.shell.internal;

import io.modelfleet.api.security.Role;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
public class RoleCompleter extends EnumCompleter {
    public RoleCompleter() {
        super(Role.class);
    }
}
