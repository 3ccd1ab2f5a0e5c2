package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.agent.AgentReleaseService;
import io.modelfleet.api.deployment.AgentSettings;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.FleetService;

@Service
@Command(scope = "fleet", name = "agent-settings", description = "Shows or changes the agent settings pushed to the "
        + "fleet's edges, or with --edge an edge's own (which win field by field); options change only the settings "
        + "they name")
public class AgentSettingsCommand extends FleetAction {
    private static final String AGENTS_OWN = "agent's own";

    @Reference
    AgentReleaseService releases;

    @Reference
    FleetService fleet;

    @Option(name = "--edge", description = "an edge's own settings instead of the fleet's: edge id or name")
    @Completion(EdgeCompleter.class)
    String edge;

    @Option(name = "--heartbeat", description = "seconds between the agent's heartbeats (" + AgentSettings.MIN_INTERVAL
            + ".." + AgentSettings.MAX_INTERVAL + ")")
    String heartbeat;

    @Option(name = "--poll", description = "seconds between desired-state polls without a heartbeat hint ("
            + AgentSettings.MIN_INTERVAL + ".." + AgentSettings.MAX_INTERVAL + ")")
    String poll;

    @Option(name = "--update-health", description = "seconds a new agent release has to prove itself healthy "
            + "before the agent goes back to the one it ran (" + AgentSettings.MIN_UPDATE_HEALTH + ".."
            + AgentSettings.MAX_UPDATE_HEALTH + ")")
    String updateHealth;

    @Option(name = "--clear", description = "remove the settings (the fleet's, or the edge's own): the next level, "
            + "or else the agent's local configuration, applies")
    boolean clear;

    @Override
    void run() {
        Integer heartbeatSeconds = Parse.integer("--heartbeat", heartbeat);
        Integer pollSeconds = Parse.integer("--poll", poll);
        Integer updateHealthSeconds = Parse.integer("--update-health", updateHealth);
        boolean change = heartbeatSeconds != null || pollSeconds != null || updateHealthSeconds != null;
        if (change && clear) {
            throw new InvalidInputException("give settings or --clear, not both");
        }
        Edge found = edge == null ? null : EdgeLookup.find(fleet, edge);
        AgentSettings current = found == null ? releases.fleetSettings() : releases.edgeSettings(found.id());
        if (change || clear) {
            AgentSettings next = clear ? null : new AgentSettings(
                    heartbeatSeconds != null ? heartbeatSeconds : current.heartbeatSeconds(),
                    pollSeconds != null ? pollSeconds : current.pollSeconds(),
                    updateHealthSeconds != null ? updateHealthSeconds : current.updateHealthSeconds());
            if (found == null) {
                releases.setFleetSettings(next, actor());
            } else {
                releases.setEdgeSettings(found.id(), next, actor());
            }
        }
        AgentSettings fleetSettings = releases.fleetSettings();
        if (found == null) {
            System.out.println("Agent settings of the fleet (an edge's own win field by field)");
            table(fleetSettings, null).print(System.out);
        } else {
            System.out.println("Agent settings of edge " + found.name() + " (" + found.id() + ")");
            table(fleetSettings, releases.edgeSettings(found.id())).print(System.out);
        }
    }

    /** One row per setting; with an edge's own settings, what the edge sets, the fleet sets and what applies. */
    static ShellTable table(AgentSettings fleetSettings, AgentSettings edgeSettings) {
        ShellTable table = new ShellTable();
        table.column("SETTING");
        if (edgeSettings != null) {
            table.column("EDGE").alignRight();
        }
        table.column("FLEET").alignRight();
        if (edgeSettings != null) {
            table.column("IN EFFECT").alignRight();
        }
        AgentSettings effective = edgeSettings == null ? fleetSettings : fleetSettings.overriddenBy(edgeSettings);
        row(table, "heartbeat", edgeSettings == null ? null : edgeSettings.heartbeatSeconds(),
                fleetSettings.heartbeatSeconds(), effective.heartbeatSeconds(), edgeSettings != null);
        row(table, "poll", edgeSettings == null ? null : edgeSettings.pollSeconds(), fleetSettings.pollSeconds(),
                effective.pollSeconds(), edgeSettings != null);
        row(table, "update health", edgeSettings == null ? null : edgeSettings.updateHealthSeconds(),
                fleetSettings.updateHealthSeconds(), effective.updateHealthSeconds(), edgeSettings != null);
        return table;
    }

    private static void row(ShellTable table, String setting, Integer edgeValue, Integer fleetValue, Integer effective,
            boolean perEdge) {
        if (perEdge) {
            table.addRow().addContent(setting, seconds(edgeValue), seconds(fleetValue),
                    effective == null ? AGENTS_OWN : seconds(effective));
        } else {
            table.addRow().addContent(setting, fleetValue == null ? AGENTS_OWN : seconds(fleetValue));
        }
    }

    private static String seconds(Integer value) {
        return value == null ? "-" : value + " s";
    }
}
