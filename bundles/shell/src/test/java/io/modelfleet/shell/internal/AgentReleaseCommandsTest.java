package io.modelfleet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.console.Candidate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.Page;
import io.modelfleet.api.deployment.AgentSettings;
import io.modelfleet.api.edge.ConnectionState;
import io.modelfleet.api.edge.DeviceInfo;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeQuery;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.FleetService;
import io.modelfleet.api.edge.InferenceStatus;

/** The agent release and agent settings commands, parsed by Karaf's own preparator and run against fakes. */
class AgentReleaseCommandsTest {
    @RegisterExtension
    final ShellConsole console = new ShellConsole();

    @TempDir
    Path dir;

    private final FakeAgentReleases releases = new FakeAgentReleases();

    private static FleetService fleet() {
        Edge edge = new Edge(7, "camera-7", null, null, Map.of(), EdgeState.APPROVED, ConnectionState.ONLINE,
                InferenceStatus.READY, DeviceInfo.UNKNOWN, null, null, FakeAgentReleases.NOW, FakeAgentReleases.NOW,
                "admin", "admin", "edge-agent");
        return (FleetService) Proxy.newProxyInstance(AgentReleaseCommandsTest.class.getClassLoader(),
                new Class<?>[] { FleetService.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getEdge" -> {
                        if ((long) args[0] != 7) {
                            throw new NotFoundException("edge " + args[0] + " does not exist");
                        }
                        yield edge;
                    }
                    case "listEdges" -> {
                        EdgeQuery query = (EdgeQuery) args[0];
                        List<Edge> matches = edge.name().equals(query.search()) ? List.of(edge) : List.of();
                        yield new Page<>(matches, matches.size(), query.page().limit(), query.page().offset());
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** The cells of the one table row that contains {@code text}. */

    private AgentReleaseUploadCommand upload() {
        AgentReleaseUploadCommand command = new AgentReleaseUploadCommand();
        command.releases = releases;
        return command;
    }

    private AgentSettingsCommand settings() {
        AgentSettingsCommand command = new AgentSettingsCommand();
        command.releases = releases;
        command.fleet = fleet();
        return command;
    }

    @Test
    void uploadSendsTheFileWithVersionAndNotesAndShowsTheBundles() throws Exception {
        byte[] archive = { 'P', 'K', 3, 4, 1, 2, 3 };
        Path file = Files.write(dir.resolve("agent-0.2.0.zip"), archive);
        String shown = console.run(upload(), "--version", "0.2.0", "--notes", "faster start", file.toString());
        assertEquals(List.of("upload 0.2.0 'faster start' by alice"), releases.calls);
        assertArrayEquals(archive, releases.uploaded);
        assertTrue(shown.startsWith("Checking agent-0.2.0.zip (7 B): every entry a bundle, hashing and storing it...\n"
                + "Agent release 0.2.0 (id 1)\n"
                + "  archive    3.0 MiB, 2 bundles\n"
                + "  sha256     " + "cd".repeat(32) + "\n"
                + "  created    2026-12-05T10:00:00Z by alice\n"
                + "  notes      faster start\n"), shown);
        assertEquals(List.of("io.modelfleet.agent", "0.2.0", "175.8 KiB", "abababababab..."), ShellConsole.row(shown, "io.modelfleet.agent"));
        assertEquals(List.of("org.example.driver", "1.4.2", "900 B", "efefefefefef..."), ShellConsole.row(shown, "org.example.driver"));
        assertTrue(shown.endsWith("Roll it out with fleet:rollout-create --agent-release 1 and the edges (ids, names, "
                + "--tag or --target).\n"), shown);
        assertEquals(List.of(), console.errors());
    }

    @Test
    void uploadRefusesWhatIsNoFile() throws Exception {
        console.run(upload(), dir.resolve("missing.zip").toString());
        console.run(upload(), dir.toString());
        assertEquals(List.of("Error: " + dir.resolve("missing.zip") + " is not a readable file",
                "Error: " + dir + " is not a readable file"), console.errors());
        assertEquals(List.of(), releases.calls);
    }

    @Test
    void listShowsOneRowPerReleaseNewestFirst() throws Exception {
        releases.releases.add(FakeAgentReleases.release(1, "0.1.0", null));
        releases.releases.add(FakeAgentReleases.release(2, "0.2.0", "a much longer note about what changed in this release"));
        AgentReleaseListCommand command = new AgentReleaseListCommand();
        command.releases = releases;
        String listed = console.run(command, "--limit", "10");
        assertEquals(List.of("list 10 0"), releases.calls);
        assertEquals(List.of("2", "0.2.0", "2", "3.0 MiB", "alice 2026-12-05T10:00:00Z",
                "a much longer note about what changed..."), ShellConsole.row(listed, "0.2.0"));
        assertEquals(List.of("1", "0.1.0", "2", "3.0 MiB", "alice 2026-12-05T10:00:00Z", "-"), ShellConsole.row(listed, "0.1.0"));
        assertTrue(listed.indexOf("0.2.0") < listed.indexOf("0.1.0"), listed);
        assertTrue(listed.endsWith("2 of 2 agent releases" + System.lineSeparator()), listed);
    }

    @Test
    void showFindsAReleaseByIdOrVersion() throws Exception {
        releases.releases.add(FakeAgentReleases.release(1, "0.1.0", null));
        releases.releases.add(FakeAgentReleases.release(2, "7", null));
        AgentReleaseShowCommand byId = new AgentReleaseShowCommand();
        byId.releases = releases;
        assertTrue(console.run(byId, "1").startsWith("Agent release 0.1.0 (id 1)\n"));
        console.reset();
        AgentReleaseShowCommand byVersion = new AgentReleaseShowCommand();
        byVersion.releases = releases;
        assertTrue(console.run(byVersion, "0.1.0").startsWith("Agent release 0.1.0 (id 1)\n"));
        console.reset();
        AgentReleaseShowCommand digitsVersion = new AgentReleaseShowCommand();
        digitsVersion.releases = releases;
        assertTrue(console.run(digitsVersion, "7").startsWith("Agent release 7 (id 2)\n"), "no id 7: the version 7");
        AgentReleaseShowCommand unknown = new AgentReleaseShowCommand();
        unknown.releases = releases;
        console.run(unknown, "0.9.0");
        assertEquals(List.of("Error: no agent release has the id or version '0.9.0'"), console.errors());
    }

    @Test
    void fleetSettingsAreShownChangedFieldByFieldAndCleared() throws Exception {
        String shown = console.run(settings());
        assertTrue(shown.startsWith("Agent settings of the fleet (an edge's own win field by field)\n"), shown);
        assertEquals(List.of("heartbeat", "agent's own"), ShellConsole.row(shown, "heartbeat"));
        console.reset();
        console.run(settings(), "--heartbeat", "30", "--update-health", "120");
        console.reset();
        String changed = console.run(settings(), "--poll", "20");
        assertEquals(List.of("fleet h30,u120 by alice", "fleet h30,p20,u120 by alice"), releases.calls,
                "options change only the settings they name");
        assertEquals(List.of("heartbeat", "30 s"), ShellConsole.row(changed, "heartbeat"));
        assertEquals(List.of("poll", "20 s"), ShellConsole.row(changed, "poll"));
        assertEquals(List.of("update health", "120 s"), ShellConsole.row(changed, "update health"));
        console.run(settings(), "--clear");
        assertEquals("fleet cleared by alice", releases.calls.get(2));
        assertEquals(List.of(), console.errors());
    }

    @Test
    void anEdgesSettingsShowWhatItSetsWhatTheFleetSetsAndWhatApplies() throws Exception {
        releases.setFleetSettings(new AgentSettings(30, 20, null), "bob");
        String shown = console.run(settings(), "--edge", "camera-7", "--heartbeat", "5");
        assertEquals("edge 7 h5 by alice", releases.calls.get(1));
        assertTrue(shown.startsWith("Agent settings of edge camera-7 (7)\n"), shown);
        assertEquals(List.of("heartbeat", "5 s", "30 s", "5 s"), ShellConsole.row(shown, "heartbeat"));
        assertEquals(List.of("poll", "-", "20 s", "20 s"), ShellConsole.row(shown, "poll"));
        assertEquals(List.of("update health", "-", "-", "agent's own"), ShellConsole.row(shown, "update health"));
        console.run(settings(), "--edge", "7", "--clear");
        assertEquals("edge 7 cleared by alice", releases.calls.get(2));
    }

    @Test
    void badSettingsAreRefusedInOneLine() throws Exception {
        console.run(settings(), "--heartbeat", "1");
        console.run(settings(), "--poll", "often");
        console.run(settings(), "--clear", "--poll", "10");
        console.run(settings(), "--edge", "camera-9", "--poll", "10");
        assertEquals(List.of("Error: agent settings are out of range: heartbeatSeconds must be between 5 and 3600 "
                + "seconds, was 1", "Error: --poll must be a whole number; was 'often'",
                "Error: give settings or --clear, not both", "Error: no edge has the id or name 'camera-9'"), console.errors());
        assertEquals(List.of(), releases.calls, "nothing was set");
    }

    @Test
    void theCompleterDescribesReleasesByVersion() {
        releases.releases.add(FakeAgentReleases.release(1, "0.1.0", null));
        AgentReleaseCompleter completer = new AgentReleaseCompleter();
        completer.releases = releases;
        List<Candidate> candidates = new ArrayList<>();
        completer.completeCandidates(null, null, candidates);
        assertEquals(List.of("1"), candidates.stream().map(Candidate::value).toList());
        assertEquals(List.of("agent 0.1.0, 2 bundles"), candidates.stream().map(Candidate::descr).toList());
    }
}
