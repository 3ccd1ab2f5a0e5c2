package io.modelfleet.shell.internal;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.security.NewUser;
import io.modelfleet.api.security.Role;
import io.modelfleet.api.security.User;
import io.modelfleet.api.security.UserService;
import java.io.IOException;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "fleet", name = "user-add", description = "Creates an operator account")
public class UserAddCommand extends FleetAction {
    @Reference
    private UserService users;

    @Argument(index = 0, name = "username", description = "Login name", required = true)
    private String username;

    @Argument(index = 1, name = "role", description = "VIEWER, MANAGER or ADMIN", required = true)
    @Completion(RoleCompleter.class)
    private String role;

    @Option(name = "--password", description = "Password; prompted for (and not echoed) when omitted")
    private String password;

    @Override
    protected void run() throws IOException {
        Role parsedRole = Parsing.enumValue(Role.class, "role", role);
        String secret = password != null ? password : promptPassword();
        User user = users.create(new NewUser(username, secret, parsedRole), actor());
        System.out.println("User " + user.username() + " created with role " + user.role());
    }

    private String promptPassword() throws IOException {
        String first = session.readLine("Password: ", '*');
        String second = session.readLine("Repeat password: ", '*');
        if (first == null || !first.equals(second)) {
            throw new InvalidInputException("the passwords do not match");
        }
        return first;
    }
}
