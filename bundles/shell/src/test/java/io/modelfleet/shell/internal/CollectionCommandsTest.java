package io.modelfleet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.console.Candidate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.Page;
import io.modelfleet.api.deployment.CollectionPolicy;
import io.modelfleet.api.deployment.CollectionPolicy.Mode;
import io.modelfleet.api.deployment.DeploymentService;
import io.modelfleet.api.edge.ConnectionState;
import io.modelfleet.api.edge.DeviceInfo;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeQuery;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.FleetService;
import io.modelfleet.api.edge.InferenceStatus;
import io.modelfleet.api.stream.Stream;
import io.modelfleet.api.stream.StreamService;
import io.modelfleet.api.stream.StreamStatus;

class CollectionCommandsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private final List<Edge> edges = List.of(edge(7, "camera-1"), edge(8, "camera-2"));
    private final List<Stream> streams = List.of(stream(3, "parts-ok", 0.7), stream(4, "defects", 0.5));
    /** What the server keeps: policies by edge and by stream, and the stream whose model each edge runs. */
    private final Map<Long, CollectionPolicy> edgePolicies = new HashMap<>();
    private final Map<Long, CollectionPolicy> streamPolicies = new HashMap<>();
    private final Map<Long, Long> streamOfEdge = new HashMap<>(Map.of(7L, 3L));
    private final List<String> changes = new ArrayList<>();

    @RegisterExtension
    final ShellConsole console = new ShellConsole();

    private static Edge edge(long id, String name) {
        return new Edge(id, name, null, null, Map.of(), EdgeState.APPROVED, ConnectionState.ONLINE,
                InferenceStatus.READY, DeviceInfo.UNKNOWN, null, null, NOW, NOW, "admin", "admin");
    }

    private static Stream stream(long id, String name, double confidenceThreshold) {
        return new Stream(id, name, null, "tabular-classification", 1, "parts", 2, 1, "local", "{}",
                confidenceThreshold, null, null, null, StreamStatus.TRAINED, 1, null, NOW, "admin", NOW, "admin");
    }

    /** Like the real service: unknown ids fail, the effective policy is the edge's own, else its model's stream's. */
    private DeploymentService deployments() {
        return (DeploymentService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { DeploymentService.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "edgeCollectionPolicy" -> edgePolicies.get(knownEdge(args[0]));
                    case "setEdgeCollectionPolicy" -> {
                        long id = knownEdge(args[0]);
                        changes.add("edge " + id + " " + text(args[1]) + " by " + args[2]);
                        yield args[1] == null ? edgePolicies.remove(id) : edgePolicies.put(id, (CollectionPolicy) args[1]);
                    }
                    case "streamCollectionPolicy" -> streamPolicies.get(knownStream(args[0]));
                    case "setStreamCollectionPolicy" -> {
                        long id = knownStream(args[0]);
                        changes.add("stream " + id + " " + text(args[1]) + " by " + args[2]);
                        yield args[1] == null ? streamPolicies.remove(id)
                                : streamPolicies.put(id, (CollectionPolicy) args[1]);
                    }
                    case "effectiveCollectionPolicy" -> {
                        long id = (long) args[0];
                        CollectionPolicy own = edgePolicies.get(id);
                        Long streamId = streamOfEdge.get(id);
                        yield own != null ? own : streamId == null ? null : streamPolicies.get(streamId);
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static String text(Object policy) {
        return policy == null ? "cleared" : ((CollectionPolicy) policy).text();
    }

    private long knownEdge(Object id) {
        return edges.stream().filter(e -> e.id() == (long) id).findFirst()
                .orElseThrow(() -> new NotFoundException("edge " + id + " does not exist")).id();
    }

    private long knownStream(Object id) {
        return streams.stream().filter(s -> s.id() == (long) id).findFirst()
                .orElseThrow(() -> new NotFoundException("stream " + id + " does not exist")).id();
    }

    private FleetService fleet() {
        return (FleetService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { FleetService.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "getEdge" -> edges.stream().filter(e -> e.id() == (long) args[0]).findFirst()
                            .orElseThrow(() -> new NotFoundException("edge " + args[0] + " does not exist"));
                    case "listEdges" -> {
                        EdgeQuery query = (EdgeQuery) args[0];
                        List<Edge> matches = edges.stream().filter(e -> e.name().contains(query.search())).toList();
                        yield new Page<>(matches, matches.size(), query.page().limit(), query.page().offset());
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private StreamService streamService() {
        return (StreamService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { StreamService.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "list" -> streams;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private void edgeCollection(String edge, String policy, boolean clear) throws Exception {
        EdgeCollectionCommand command = new EdgeCollectionCommand();
        command.deployments = deployments();
        command.fleet = fleet();
        command.session = ShellConsole.session();
        command.edge = edge;
        command.policy = policy;
        command.clear = clear;
        command.execute();
    }

    private void streamCollection(String stream, String policy, boolean clear) throws Exception {
        StreamCollectionCommand command = new StreamCollectionCommand();
        command.deployments = deployments();
        command.streams = streamService();
        command.session = ShellConsole.session();
        command.stream = stream;
        command.policy = policy;
        command.clear = clear;
        command.execute();
    }

    /** The data row of a one-row table, its cells split where the table puts its separators. */
    private List<String> row() {
        String[] lines = console.out().split("\\R");
        assertEquals(3, lines.length, console.out());
        return List.of(lines[2].split("\\s+\\|\\s+")).stream().map(String::strip).toList();
    }

    @Test
    void anEdgeWithoutAnyPolicyKeepsItsAgentsConfiguration() throws Exception {
        edgeCollection("camera-1", null, false);
        assertEquals(List.of("camera-1 (7)", "-", "-", "what the agent's local configuration says"), row());
        assertTrue(console.out().startsWith("EDGE"), console.out());
        assertEquals(List.of(), changes);
        assertEquals("", console.err());
    }

    @Test
    void anEdgeWithoutItsOwnShowsItsModelsStreamsPolicy() throws Exception {
        streamPolicies.put(3L, new CollectionPolicy(Mode.LOW_CONFIDENCE, null, null));
        edgeCollection("7", null, false);
        assertEquals(List.of("camera-1 (7)", "low-confidence", "model's stream",
                "inputs scored below the model's confidence threshold or without a score"), row());
    }

    @Test
    void settingAnEdgesPolicyByNameRecordsTheShellUserAndWinsOverTheStreams() throws Exception {
        streamPolicies.put(3L, CollectionPolicy.OFF);
        edgeCollection("camera-1", "rate:0.1", false);
        assertEquals(List.of("edge 7 rate:0.1 by alice"), changes);
        assertEquals(new CollectionPolicy(Mode.RATE, null, 0.1), edgePolicies.get(7L));
        assertEquals(List.of("camera-1 (7)", "rate:0.1", "edge", "a random 10% of inputs"), row());
    }

    @Test
    void offIsAPolicyOfItsOwnThatOverridesTheStream() throws Exception {
        streamPolicies.put(3L, new CollectionPolicy(Mode.ALL, null, null));
        edgeCollection("camera-1", "OFF", false);
        assertEquals(List.of("camera-1 (7)", "off", "edge", "nothing"), row());
    }

    @Test
    void clearingAnEdgesPolicyLetsItsModelsStreamsApplyAgain() throws Exception {
        edgePolicies.put(7L, CollectionPolicy.OFF);
        streamPolicies.put(3L, new CollectionPolicy(Mode.ALL, null, null));
        edgeCollection("camera-1", null, true);
        assertEquals(List.of("edge 7 cleared by alice"), changes);
        assertFalse(edgePolicies.containsKey(7L));
        assertEquals(List.of("camera-1 (7)", "all", "model's stream", "every input"), row());
    }

    @Test
    void anInvalidPolicyIsTheApisOneLineMessageAndChangesNothing() throws Exception {
        edgeCollection("camera-1", "sometimes", false);
        assertEquals("Error: 'sometimes' is no collection policy: off, all, low-confidence, "
                + "low-confidence:<threshold> or rate:<share>" + System.lineSeparator(), console.err());
        edgeCollection("camera-1", "low-confidence:1.5", false);
        streamCollection("parts-ok", "rate:0", false);
        assertTrue(console.err().contains("Error: threshold must be between 0 and 1" + System.lineSeparator()), console.err());
        assertTrue(console.err().contains("Error: mode RATE needs a rate greater than 0 and at most 1"), console.err());
        assertEquals(List.of(), changes);
        assertEquals(Map.of(), edgePolicies);
        assertEquals("", console.out());
    }

    @Test
    void aPolicyAndClearTogetherAreRefused() throws Exception {
        edgeCollection("camera-1", "all", true);
        streamCollection("parts-ok", "all", true);
        assertEquals(("Error: give a policy or --clear, not both" + System.lineSeparator()).repeat(2), console.err());
        assertEquals(List.of(), changes);
    }

    @Test
    void anUnknownEdgeOrStream() throws Exception {
        edgeCollection("camera-9", "all", false);
        streamCollection("no-such-stream", null, false);
        assertEquals("Error: no edge has the id or name 'camera-9'" + System.lineSeparator()
                + "Error: stream 'no-such-stream' does not exist" + System.lineSeparator(), console.err());
        assertEquals(List.of(), changes);
    }

    @Test
    void aStreamWithoutAPolicyLeavesItToEachEdge() throws Exception {
        streamCollection("parts-ok", null, false);
        assertEquals(List.of("parts-ok (3)", "-", "per edge: its own policy, else what its agent's local "
                + "configuration says"), row());
        assertTrue(console.out().startsWith("STREAM"), console.out());
        assertEquals(List.of(), changes);
    }

    @Test
    void settingAStreamsPolicyByIdDescribesTheThresholdItTakes() throws Exception {
        streamCollection("3", "low-confidence", false);
        assertEquals(List.of("stream 3 low-confidence by alice"), changes);
        assertEquals(List.of("parts-ok (3)", "low-confidence", "inputs scored below the model's confidence threshold "
                + "(stream: 0.7) or without a score"), row());
    }

    @Test
    void settingAStreamsPolicyByNameWithAThreshold() throws Exception {
        streamCollection("defects", "low-confidence:0.6", false);
        assertEquals(new CollectionPolicy(Mode.LOW_CONFIDENCE, 0.6, null), streamPolicies.get(4L));
        assertEquals(List.of("defects (4)", "low-confidence:0.6", "inputs scored below 0.6 or without a score"),
                row());
    }

    @Test
    void clearingAStreamsPolicy() throws Exception {
        streamPolicies.put(4L, CollectionPolicy.OFF);
        streamCollection("defects", null, true);
        assertEquals(List.of("stream 4 cleared by alice"), changes);
        assertEquals(Map.of(), streamPolicies);
        assertEquals("-", row().get(1));
    }

    @Test
    void sharesAndThresholdsReadAsTyped() {
        assertEquals("a random 10% of inputs",
                CollectionPolicies.collects(CollectionPolicy.parse("rate:0.1"), "unused"));
        assertEquals("a random 0.5% of inputs",
                CollectionPolicies.collects(CollectionPolicy.parse("rate:0.005"), "unused"));
        assertEquals("a random 100% of inputs", CollectionPolicies.collects(CollectionPolicy.parse("rate:1"), "unused"));
        assertEquals("a random 7% of inputs", CollectionPolicies.collects(CollectionPolicy.parse("rate:0.07"), "unused"));
        assertEquals("inputs scored below 0 or without a score",
                CollectionPolicies.collects(CollectionPolicy.parse("low-confidence:0"), "unused"));
        assertEquals("0.5", CollectionPolicies.number(0.5));
        assertEquals("1", CollectionPolicies.number(1.0));
    }

    @Test
    void completionOffersEachFormAndLeavesTheNumberToType() {
        List<Candidate> candidates = new ArrayList<>();
        new CollectionPolicyCompleter().completeCandidates(null, null, candidates);
        assertEquals(List.of("off", "all", "low-confidence", "low-confidence:", "rate:"),
                candidates.stream().map(Candidate::value).toList());
        assertEquals(List.of(true, true, true, false, false), candidates.stream().map(Candidate::complete).toList());
    }
}
