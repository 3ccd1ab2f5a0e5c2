package io.modelfleet.shell.internal;

import java.io.IOException;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.security.DirectoryService;
import io.modelfleet.api.security.DirectorySettings;
import io.modelfleet.api.security.DirectoryTestResult;

/** Tests the stored settings; the password is asked for, never an argument, which the history would keep. */
@Service
@Command(scope = "fleet", name = "directory-test", description = "Tests the directory settings: connects and binds "
        + "with the service account and, for a username, finds the user, their groups and the role they give, and "
        + "with --password signs in as them; nothing is stored")
public class DirectoryTestCommand extends FleetAction {
    @Reference
    DirectoryService directory;

    @Argument(index = 0, name = "username", description = "a directory user to look up")
    String username;

    @Option(name = "--password", description = "ask for the user's password (masked) and sign in as them with it")
    boolean password;

    @Override
    void run() throws IOException {
        boolean user = username != null && !username.isBlank();
        if (password && !user) {
            throw new InvalidInputException("--password signs a user in: give the username too");
        }
        String secret = password ? promptPassword() : null;
        DirectorySettings settings = directory.settings();
        DirectoryTestResult result = directory.test(null, user ? username : null, secret, actor());
        StringBuilder out = new StringBuilder();
        out.append("Directory ").append(Format.text(settings.url()))
                .append(settings.enabled() ? "" : " (directory logins are disabled)").append('\n');
        line(out, "connected", result.connected() ? "yes" : "no");
        line(out, "bound", !result.bound() ? "no"
                : settings.bindDn() == null || settings.bindDn().isBlank() ? "yes, anonymously"
                : "yes, as " + settings.bindDn());
        if (user) {
            line(out, "user DN", result.userDn());
            line(out, "groups", result.userDn() == null ? null
                    : result.groups().isEmpty() ? "none" : String.join(", ", result.groups()));
            line(out, "role", result.userDn() == null ? null
                    : result.role() == null ? "none: no access" : result.role());
            line(out, "display name", result.displayName());
            line(out, "email", result.email());
            line(out, "disabled", result.userDn() == null ? null
                    : result.disabled() ? "yes: refused at sign-in" : "no");
            line(out, "authenticated", result.authenticated() == null
                    ? "not tried" + (password ? "" : " (--password asks for one)")
                    : result.authenticated() ? "yes" : "no: the password does not sign " + username + " in");
        }
        System.out.print(out);
        if (result.error() != null) {
            // on stderr like every other failure, so scripts can tell
            System.err.println("Error: directory test failed: " + result.error());
        }
    }

    private static void line(StringBuilder out, String label, Object value) {
        out.append("  ").append(String.format("%-15s", label)).append(Format.text(value)).append('\n');
    }

    private String promptPassword() throws IOException {
        String typed;
        try {
            typed = session.readLine("Password of " + username + ": ", '*');
        } catch (UnsupportedOperationException e) {
            // headless sessions (ssh exec, scripts) have no terminal to prompt on
            throw new InvalidInputException("this session cannot ask for a password; test a sign-in with "
                    + "POST /api/v1/directory/test");
        }
        if (typed == null || typed.isEmpty()) {
            throw new InvalidInputException("an empty password never signs in; nothing was tested");
        }
        return typed;
    }
}
