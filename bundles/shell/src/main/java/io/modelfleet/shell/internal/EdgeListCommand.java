package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.Page;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.edge.ConnectionState;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeQuery;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.FleetService;
import io.modelfleet.api.edge.TagSelector;

@Service
@Command(scope = "fleet", name = "edge-list", description = "Lists edges, optionally filtered")
public class EdgeListCommand extends FleetAction {

    @Reference
    FleetService fleet;

    @Option(name = "--state", description = "PENDING, APPROVED, REJECTED or DISABLED")
    @Completion(EdgeStateCompleter.class)
    String state;

    @Option(name = "--connection", description = "ONLINE or OFFLINE")
    @Completion(ConnectionCompleter.class)
    String connection;

    @Option(name = "--tag", description = "key or key=value")
    String tag;

    @Option(name = "--search", description = "text in name, location or description")
    String search;

    @Option(name = "--limit", description = "edges per page (1..1000, default 50)")
    Integer limit;

    @Option(name = "--offset", description = "edges to skip")
    Long offset;

    @Override
    void run() {
        TagSelector tagFilter = TagSelector.parse(tag);
        Page<Edge> page = fleet.listEdges(new EdgeQuery(Parse.enumValue("state", state, EdgeState.class),
                Parse.enumValue("connection", connection, ConnectionState.class),
                tagFilter == null ? null : tagFilter.key(), tagFilter == null ? null : tagFilter.value(),
                search == null || search.isBlank() ? null : search, PageRequest.of(limit, offset)));

        ShellTable table = new ShellTable();
        table.column("ID").alignRight();
        table.column("NAME");
        table.column("STATE");
        table.column("CONNECTION");
        table.column("INFERENCE");
        table.column("MODEL");
        table.column("TARGET");
        table.column("LAST SEEN");
        table.column("AGENT");
        for (Edge edge : page.items()) {
            table.addRow().addContent(edge.id(), edge.name(), edge.state(), edge.connection(),
                    Format.text(edge.inferenceStatus()), Format.text(edge.modelVersion()),
                    edge.target(), edge.lastSeenAt() == null ? "never" : Format.instant(edge.lastSeenAt()),
                    Format.text(edge.device() == null ? null : edge.device().agentVersion()));
        }
        table.print(System.out);
        System.out.println(page.items().size() + " of " + page.total() + " edges");
    }
}
