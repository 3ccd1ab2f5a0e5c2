package io.modelfleet.shell.internal;

import io.modelfleet.api.ModelFleetException;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;

/**
 * Common base of the fleet commands: turns service errors into a one-line message instead of a stack trace and
 * names the shell user in the audit trail. Karaf injects {@code @Reference} fields of superclasses as well.
 */
abstract class FleetAction implements Action {
    @Reference
    protected Session session;

    @Override
    public final Object execute() throws Exception {
        try {
            run();
        } catch (ModelFleetException e) {
            System.err.println("Error: " + e.detail());
        }
        return null;
    }

    protected abstract void run() throws Exception;

    /** Audit actor: the logged-in shell user, or plain "shell" where the console has no user (e.g. scripts). */
    protected String actor() {
        Object user = session == null ? null : session.get("USER");
        return "shell:" + (user instanceof String name && !name.isEmpty() ? name : "shell");
    }
}
