package io.modelfleet.shell.internal;

import java.time.Instant;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.edge.EnrollmentToken;
import io.modelfleet.api.edge.FleetService;

@Service
@Command(scope = "fleet", name = "token-list", description = "Lists enrollment tokens (active ones unless --all)")
public class TokenListCommand extends FleetAction {

    @Reference
    FleetService fleet;

    @Option(name = "--all", description = "include used up, expired and revoked tokens")
    boolean all;

    @Override
    void run() {
        // one instant for every row, so no token changes status halfway through the table
        Instant now = Instant.now();
        ShellTable table = new ShellTable().emptyTableText("no enrollment tokens");
        table.column("ID").alignRight();
        table.column("DESCRIPTION").maxSize(40);
        table.column("USES").alignRight();
        table.column("MAX").alignRight();
        table.column("EXPIRES");
        table.column("STATUS");
        table.column("CREATED BY");
        for (EnrollmentToken token : fleet.listTokens(all)) {
            table.addRow().addContent(token.id(), Format.text(token.description()), token.uses(), token.maxUses(),
                    Format.instant(token.expiresAt()), token.status(now), Format.text(token.createdBy()));
        }
        table.print(System.out);
    }
}
