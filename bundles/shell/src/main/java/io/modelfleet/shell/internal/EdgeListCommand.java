package io.modelfleet.shell.internal;

import io.modelfleet.api.PageRequest;
import io.modelfleet.api.Page;
import io.modelfleet.api.edge.ConnectionState;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeQuery;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.FleetService;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "fleet", name = "edge-list", description = "Lists edges, optionally filtered")
public class EdgeListCommand extends FleetAction {
    @Reference
    private FleetService fleet;

    @Option(name = "--state", description = "PENDING, APPROVED, REJECTED or DISABLED")
    @Completion(EdgeStateCompleter.class)
    private String state;

    @Option(name = "--connection", description = "ONLINE or OFFLINE")
    @Completion(ConnectionCompleter.class)
    private String connection;

    @Option(name = "--tag", description = "Only edges with this tag, as key:value")
    private String tag;

    @Option(name = "--search", description = "Text to find in name, location or description")
    private String search;

    @Option(name = "--limit", description = "Maximum number of edges to show")
    private Integer limit;

    @Option(name = "--offset", description = "Number of edges to skip")
    private Long offset;

    @Override
    protected void run() {
        Parsing.Tag tagFilter = tag == null ? null : Parsing.tag(tag);
        EdgeQuery query = new EdgeQuery(
                state == null ? null : Parsing.enumValue(EdgeState.class, "state", state),
                connection == null ? null : Parsing.enumValue(ConnectionState.class, "connection", connection),
                tagFilter == null ? null : tagFilter.key(), tagFilter == null ? null : tagFilter.value(),
                search, PageRequest.of(limit, offset));
        Page<Edge> page = fleet.listEdges(query);

        ShellTable table = new ShellTable();
        for (String column : new String[] {"ID", "NAME", "STATE", "CONNECTION", "INFERENCE", "MODEL", "LAST SEEN",
                "AGENT"}) {
            table.column(column);
        }
        for (Edge edge : page.items()) {
            table.addRow().addContent(edge.id(), edge.name(), edge.state(), Format.text(edge.connection()),
                    Format.text(edge.inferenceStatus()), Format.text(edge.modelVersion()),
                    Format.time(edge.lastSeenAt()),
                    Format.text(edge.device() == null ? null : edge.device().agentVersion()));
        }
        table.print(System.out);
        System.out.println(page.items().size() + " of " + page.total() + " edges");
    }
}
