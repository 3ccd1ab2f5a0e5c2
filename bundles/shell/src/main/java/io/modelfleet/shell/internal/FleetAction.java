package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.ShellUtil;

import io.modelfleet.api.ModelFleetException;

/**
 * Common ground of the {@code fleet:*} commands: service errors become one line on stderr (Karaf would print a stack
 * trace for an operator's typo), and changes are audited under the shell user's name.
 */
abstract class FleetAction implements Action {
    static final String FALLBACK_ACTOR = "shell";

    @Reference
    Session session;

    @Override
    public final Object execute() throws Exception {
        try {
            run();
        } catch (ModelFleetException e) {
            System.err.println("Error: " + e.detail());
        }
        // output is printed, not returned: Karaf would print a returned value a second time
        return null;
    }

    abstract void run() throws Exception;

    /**
     * The JAAS subject the shell runs the command as (ssh or console login) is authoritative; the session's USER
     * variable, captured from that subject when the session opened, covers commands run outside it.
     */
    String actor() {
        String subjectUser = ShellUtil.getCurrentUserName();
        if (subjectUser != null && !subjectUser.isBlank()) {
            return subjectUser;
        }
        Object sessionUser = session.get("USER");
        return sessionUser instanceof String name && !name.isBlank() ? name : FALLBACK_ACTOR;
    }
}
