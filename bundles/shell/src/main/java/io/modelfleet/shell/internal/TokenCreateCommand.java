package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.edge.EnrollmentToken;
import io.modelfleet.api.edge.FleetService;
import io.modelfleet.api.edge.IssuedToken;
import io.modelfleet.api.edge.TokenRequest;

@Service
@Command(scope = "fleet", name = "token-create", description = "Creates an enrollment token and shows its secret once")
public class TokenCreateCommand extends FleetAction {

    @Reference
    FleetService fleet;

    @Option(name = "--uses", description = "how many edges may enroll with it (1..10000, default 1)")
    Integer uses;

    @Option(name = "--ttl", description = "lifetime such as 24h, 90m, 3600s or 7d (1m..30d, default 24h)")
    String ttl;

    @Option(name = "--description", description = "what the token is for")
    String description;

    @Override
    void run() {
        IssuedToken issued = fleet.createToken(new TokenRequest(description, uses, Parse.ttlSeconds(ttl)), actor());
        EnrollmentToken token = issued.token();
        System.out.println("Enrollment token " + token.id() + " created: " + token.maxUses() + " use(s), expires "
                + Format.instant(token.expiresAt()));
        System.out.println("Secret: " + issued.secret());
        System.out.println("WARNING: the secret is shown only this once; the server keeps only its hash.");
        System.out.println("Join an edge with (replace <server> and <edge-name>):");
        System.out.println("  curl -X POST http://<server>:8181/api/v1/edge/enroll -H 'Content-Type: application/json' "
                + "-d '{\"token\":\"" + issued.secret() + "\",\"name\":\"<edge-name>\"}'");
    }
}
