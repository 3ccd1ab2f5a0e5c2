package io.modelfleet.shell.internal;

import java.util.Map;
import java.util.TreeMap;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.edge.DeviceInfo;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.FleetService;

@Service
@Command(scope = "fleet", name = "edge-show", description = "Shows every detail of one edge")
public class EdgeShowCommand extends FleetAction {

    @Reference
    FleetService fleet;

    @Argument(index = 0, name = "edge", description = "edge id or name", required = true)
    @Completion(EdgeCompleter.class)
    String edge;

    @Override
    void run() {
        Edge found = EdgeLookup.find(fleet, edge);
        line("ID", found.id());
        line("Name", found.name());
        line("Description", found.description());
        line("Location", found.location());
        line("State", found.state());
        line("Connection", found.connection());
        line("Inference", found.inferenceStatus());
        line("Model", found.modelVersion());
        line("Target", found.target());
        line("Last seen", found.lastSeenAt() == null ? "never" : Format.instant(found.lastSeenAt()));
        line("Created", Format.instant(found.createdAt()) + " by " + Format.text(found.createdBy()));
        line("Updated", Format.instant(found.updatedAt()) + " by " + Format.text(found.updatedBy()));

        DeviceInfo device = found.device() == null ? DeviceInfo.UNKNOWN : found.device();
        System.out.println("Device");
        line("  Hostname", device.hostname());
        line("  OS", device.os());
        line("  OS version", device.osVersion());
        line("  Arch", device.arch());
        line("  CPU", device.cpu());
        line("  Cores", device.cores());
        line("  Memory", Format.bytes(device.memoryBytes()));
        line("  GPU", device.gpu());
        line("  Agent", device.agentVersion());
        line("  Runtimes", device.runtimes().isEmpty() ? null : String.join(", ", device.runtimes()));

        if (found.tags().isEmpty()) {
            line("Tags", null);
        } else {
            System.out.println("Tags");
            // sorted, so the same edge always prints the same way
            for (Map.Entry<String, String> tag : new TreeMap<>(found.tags()).entrySet()) {
                line("  " + tag.getKey(), tag.getValue());
            }
        }
    }

    private static void line(String label, Object value) {
        System.out.printf("%-14s %s%n", label, Format.text(value));
    }
}
