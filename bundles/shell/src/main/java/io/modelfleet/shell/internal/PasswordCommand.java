package io.modelfleet.shell.internal;

import java.io.IOException;
import java.util.Objects;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.security.UserService;

/** Changes the signed-in user's own password; never takes passwords as arguments, which the history would keep. */
@Service
@Command(scope = "fleet", name = "password", description = "Changes your own password (asks for the current one "
        + "and the new one twice); your sessions in the web console and the API end")
public class PasswordCommand extends FleetAction {

    @Reference
    UserService users;

    @Override
    void run() throws IOException {
        String current;
        String first;
        String second;
        try {
            current = session.readLine("Current password: ", '*');
            first = session.readLine("New password (at least 12 characters): ", '*');
            second = session.readLine("Repeat the new password: ", '*');
        } catch (UnsupportedOperationException e) {
            throw new InvalidInputException("this session cannot ask for passwords; change it in the web console or "
                    + "with POST /api/v1/auth/password");
        }
        if (!Objects.equals(first, second)) {
            throw new InvalidInputException("the two new passwords differ; nothing was changed");
        }
        String username = actor();
        users.changeOwnPassword(username, current, first, "shell:" + username);
        System.out.println("Password of " + username + " changed; sessions in the web console and the API ended");
    }
}
