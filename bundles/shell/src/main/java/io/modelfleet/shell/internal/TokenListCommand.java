package io.modelfleet.shell.internal;

import io.modelfleet.api.edge.EnrollmentToken;
import io.modelfleet.api.edge.FleetService;
import java.time.Instant;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "fleet", name = "token-list", description = "Lists enrollment tokens (active ones unless --all)")
public class TokenListCommand extends FleetAction {
    @Reference
    private FleetService fleet;

    @Option(name = "--all", description = "Include expired, exhausted and revoked tokens")
    private boolean all;

    @Override
    protected void run() {
        ShellTable table = new ShellTable();
        for (String column : new String[] {"ID", "DESCRIPTION", "USES", "MAX", "EXPIRES", "STATUS", "CREATED BY"}) {
            table.column(column);
        }
        // one clock reading so every row is judged at the same moment
        Instant now = Instant.now();
        for (EnrollmentToken token : fleet.listTokens(all)) {
            table.addRow().addContent(token.id(), Format.text(token.description()), token.uses(), token.maxUses(),
                    Format.time(token.expiresAt()), token.status(now), Format.text(token.createdBy()));
        }
        table.print(System.out);
    }
}
