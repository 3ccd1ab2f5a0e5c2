package io.modelfleet.shell.internal;

import java.io.IOException;
import java.util.Objects;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.security.NewUser;
import io.modelfleet.api.security.Role;
import io.modelfleet.api.security.User;
import io.modelfleet.api.security.UserService;

@Service
@Command(scope = "fleet", name = "user-add", description = "Creates an operator account; asks for the password unless given")
public class UserAddCommand extends FleetAction {

    @Reference
    UserService users;

    @Argument(index = 0, name = "username", description = "letters, digits, '.', '-' and '_'", required = true)
    @Completion(FreeTextCompleter.class)
    String username;

    @Argument(index = 1, name = "role", description = "VIEWER, MANAGER or ADMIN", required = true)
    @Completion(RoleCompleter.class)
    String role;

    // censor keeps the password out of the shell history
    @Option(name = "--password", description = "at least 12 characters; prompted for when left out", censor = true)
    String password;

    @Override
    void run() throws IOException {
        // check the role before prompting, so a typo does not cost the operator two password entries
        Role parsedRole = Parse.enumValue("role", role, Role.class);
        String secret = password != null ? password : promptPassword();
        User created = users.create(new NewUser(username, secret, parsedRole), actor());
        System.out.println("User " + created.username() + " created with role " + created.role());
    }

    private String promptPassword() throws IOException {
        String first;
        String second;
        try {
            first = session.readLine("Password for " + username + ": ", '*');
            second = session.readLine("Repeat the password: ", '*');
        } catch (UnsupportedOperationException e) {
            // headless sessions (ssh exec, scripts, SessionFactory.create) have no terminal to prompt on
            throw new InvalidInputException("this session cannot ask for a password; give it with --password");
        }
        if (!Objects.equals(first, second)) {
            throw new InvalidInputException("the two passwords differ; nothing was created");
        }
        return first;
    }
}
