package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.Page;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.agent.AgentRelease;
import io.modelfleet.api.agent.AgentReleaseService;

@Service
@Command(scope = "fleet", name = "agent-release-list", description = "Lists agent releases, newest first")
public class AgentReleaseListCommand extends FleetAction {
    private static final int NOTES_WIDTH = 40;

    @Reference
    AgentReleaseService releases;

    @Option(name = "--limit", description = "at most this many (1..500, default 50)")
    String limit;

    @Override
    void run() {
        Integer max = Parse.integer("--limit", limit);
        Page<AgentRelease> page = releases.list(max == null ? PageRequest.DEFAULT_LIMIT : max, 0);
        ShellTable table = new ShellTable().emptyTableText("no agent releases");
        table.column("ID").alignRight();
        table.column("VERSION");
        table.column("BUNDLES").alignRight();
        table.column("SIZE").alignRight();
        table.column("CREATED");
        table.column("NOTES");
        for (AgentRelease release : page.items()) {
            table.addRow().addContent(release.id(), release.version(), release.bundles().size(),
                    Format.bytes(release.sizeBytes()),
                    Format.text(release.createdBy()) + " " + Format.instant(release.createdAt()),
                    Format.clip(release.notes(), NOTES_WIDTH));
        }
        table.print(System.out);
        System.out.println(page.items().size() + " of " + page.total() + " agent releases");
    }
}
