package io.modelfleet.shell.internal;

import io.modelfleet.api.edge.EnrollmentToken;
import io.modelfleet.api.edge.FleetService;
import io.modelfleet.api.edge.IssuedToken;
import io.modelfleet.api.edge.TokenRequest;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "fleet", name = "token-create", description = "Creates an enrollment token for new edges")
public class TokenCreateCommand extends FleetAction {
    @Reference
    private FleetService fleet;

    @Option(name = "--uses", description = "How many edges may enroll with the token (default 1)")
    private Integer uses;

    @Option(name = "--ttl", description = "Lifetime such as 24h, 90m or 3600s (default 24h)")
    private String ttl;

    @Option(name = "--description", description = "What the token is for")
    private String description;

    @Override
    protected void run() {
        TokenRequest request = new TokenRequest(description, uses, ttl == null ? null : Parsing.ttlSeconds(ttl));
        IssuedToken issued = fleet.createToken(request, actor());
        EnrollmentToken token = issued.token();
        System.out.println("Token " + token.id() + " created: " + token.maxUses() + " use(s), expires "
                + Format.time(token.expiresAt()));
        System.out.println("Secret: " + issued.secret());
        System.out.println("Copy the secret now: it is shown only once and cannot be retrieved later.");
    }
}
