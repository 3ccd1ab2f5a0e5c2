package io.modelfleet.shell.internal;

import io.modelfleet.api.edge.DeviceInfo;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.FleetService;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "fleet", name = "edge-show", description = "Shows every detail of one edge")
public class EdgeShowCommand extends FleetAction {
    @Reference
    private FleetService fleet;

    @Argument(index = 0, name = "edge", description = "Edge id or name", required = true)
    @Completion(EdgeCompleter.class)
    private String edgeRef;

    @Override
    protected void run() {
        Edge edge = EdgeRefs.resolve(fleet, edgeRef);
        DeviceInfo device = edge.device() == null ? DeviceInfo.UNKNOWN : edge.device();
        line("ID", edge.id());
        line("Name", edge.name());
        line("Description", edge.description());
        line("Location", edge.location());
        line("State", edge.state());
        line("Connection", edge.connection());
        line("Inference", edge.inferenceStatus());
        line("Model", edge.modelVersion());
        line("Last seen", Format.time(edge.lastSeenAt()));
        line("Created", Format.time(edge.createdAt()) + " by " + Format.text(edge.createdBy()));
        line("Updated", Format.time(edge.updatedAt()) + " by " + Format.text(edge.updatedBy()));
        // sorted so the output is stable between calls
        line("Tags", new TreeMap<>(edge.tags()).entrySet().stream()
                .map(tag -> tag.getKey() + ":" + tag.getValue()).collect(Collectors.joining(", ")));
        System.out.println("Device");
        line("  Hostname", device.hostname());
        line("  OS", device.os() == null ? null : device.os() + (device.osVersion() == null ? "" : " " + device.osVersion()));
        line("  Arch", device.arch());
        line("  CPU", device.cpu());
        line("  Cores", device.cores());
        line("  Memory", Format.bytes(device.memoryBytes()));
        line("  GPU", device.gpu());
        line("  Agent", device.agentVersion());
        line("  Runtimes", String.join(", ", device.runtimes()));
    }

    private static void line(String label, Object value) {
        System.out.printf("%-12s %s%n", label, Format.text(value));
    }
}
