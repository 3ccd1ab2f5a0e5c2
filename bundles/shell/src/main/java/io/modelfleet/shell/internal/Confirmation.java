package io.modelfleet.shell.internal;

import java.io.IOException;

import org.apache.karaf.shell.api.console.Session;

/**
 * What the console's confirmation dialogs ask, in the shell: type the name of what goes (or pass {@code --force}, for
 * scripts). Anything else, or no terminal to ask on, changes nothing.
 */
final class Confirmation {
    private Confirmation() {
    }

    /** @return true when the operator typed {@code expected} after being told what happens */
    static boolean confirmed(Session session, String consequence, String expected) throws IOException {
        System.out.println(consequence);
        String typed;
        try {
            typed = session.readLine("Type " + expected + " to confirm: ", null);
        } catch (UnsupportedOperationException e) {
            typed = null;
        }
        if (typed == null || !typed.trim().equals(expected)) {
            System.err.println("Not confirmed: nothing was deleted");
            return false;
        }
        return true;
    }
}
