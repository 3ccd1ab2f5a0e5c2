package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.edge.EnrollmentToken;
import io.modelfleet.api.edge.FleetService;

@Service
@Command(scope = "fleet", name = "token-revoke", description = "Revokes an enrollment token: it enrolls no more edges "
        + "(edges it enrolled keep their credentials)")
public class TokenRevokeCommand extends FleetAction {
    @Reference
    FleetService fleet;

    @Option(name = "--force", aliases = "-f", description = "do not ask for confirmation")
    boolean force;

    @Argument(index = 0, name = "token", description = "the token's id (fleet:token-list)", required = true)
    @Completion(TokenCompleter.class)
    String token;

    @Override
    void run() throws Exception {
        long id;
        try {
            id = Long.parseLong(token.trim());
        } catch (NumberFormatException e) {
            throw new NotFoundException("enrollment token '" + token + "' does not exist; tokens are named by id");
        }
        EnrollmentToken found = fleet.listTokens(true).stream().filter(t -> t.id() == id).findFirst()
                .orElseThrow(() -> new NotFoundException("enrollment token " + id + " does not exist"));
        String what = "Enrollment token " + id + (found.description() == null ? "" : " (" + found.description() + ")")
                + " will be revoked: no more edges enroll with it.";
        if (!force && !Confirmation.confirmed(session, what, Long.toString(id))) {
            return;
        }
        fleet.revokeToken(id, actor());
        System.out.println("Enrollment token " + id + " revoked");
    }
}
