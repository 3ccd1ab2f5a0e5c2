package io.modelfleet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.console.Candidate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.Page;
import io.modelfleet.api.edge.ConnectionState;
import io.modelfleet.api.edge.DeviceInfo;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeQuery;
import io.modelfleet.api.edge.EdgeRegistration;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.EdgeUpdate;
import io.modelfleet.api.edge.FleetService;
import io.modelfleet.api.edge.InferenceStatus;
import io.modelfleet.api.model.ModelRegistry;
import io.modelfleet.api.model.ModelStage;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.api.plugin.PluginInfo;
import io.modelfleet.api.plugin.PluginKind;
import io.modelfleet.api.plugin.PluginRegistry;
import io.modelfleet.api.rollout.GateResult;
import io.modelfleet.api.rollout.HealthGate;
import io.modelfleet.api.rollout.QualityGate;
import io.modelfleet.api.rollout.Rollout;
import io.modelfleet.api.rollout.RolloutEdge;
import io.modelfleet.api.rollout.RolloutPlan;
import io.modelfleet.api.rollout.RolloutRequest;
import io.modelfleet.api.rollout.RolloutService;
import io.modelfleet.api.rollout.RolloutState;
import io.modelfleet.api.rollout.RolloutWave;
import io.modelfleet.api.rollout.WaveSize;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;
import io.modelfleet.api.stream.Stream;
import io.modelfleet.api.stream.StreamService;
import io.modelfleet.api.stream.StreamStatus;

/** The rollout commands and edge targets, parsed by Karaf's own preparator and run against recording services. */
class RolloutCommandsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final RolloutPlan PLAN = new RolloutPlan(
            List.of(WaveSize.ofEdges(1), WaveSize.ofPercent(50), WaveSize.ofPercent(100)), 300, 600,
            new HealthGate(90.0, 1), new QualityGate(0.05, null, 0.02, 0.5, 20), true);
    private static final Rollout RUNNING = new Rollout(12, 5L, "defects:3", "tag site=berlin", PLAN,
            RolloutState.RUNNING, 2, 5, 1, null, null, NOW, "alice", NOW.plusSeconds(400), null, List.of(
                    new RolloutWave(1, 1, Map.of("ACTIVE", 1), NOW, NOW.plusSeconds(30), NOW.plusSeconds(330)),
                    new RolloutWave(2, 2, Map.of("ACTIVE", 1, "DOWNLOADING", 1), NOW.plusSeconds(330), null, null),
                    new RolloutWave(3, 2, Map.of("WAITING", 2), null, null, null)));

    private final FakeRollouts rollouts = new FakeRollouts();
    private final FakeAgentReleases releases = new FakeAgentReleases();
    private final List<Edge> edges = new ArrayList<>(List.of(edge(7, "camera-1", null), edge(8, "camera-2", null)));
    private final List<String> fleetCalls = new ArrayList<>();
    private EdgeRegistration registration;

    @RegisterExtension
    final ShellConsole console = new ShellConsole();

    /** Records each call; answers with the rollout it holds, moved along by {@link #states} on each get. */
    private static final class FakeRollouts implements RolloutService {
        final List<String> calls = new ArrayList<>();
        final Deque<RolloutState> states = new ArrayDeque<>();
        final Map<Long, RolloutPlan> streamPlans = new HashMap<>();
        Rollout rollout = RUNNING;
        RolloutRequest request;
        List<GateResult> gates = List.of();
        List<RolloutEdge> edges = List.of();

        @Override
        public Rollout create(RolloutRequest created, String actor) {
            calls.add("create by " + actor);
            request = created;
            return rollout = with(created.start() ? RolloutState.RUNNING : RolloutState.PLANNED, null);
        }

        @Override
        public Rollout get(long id) {
            calls.add("get " + id);
            if (!states.isEmpty()) {
                rollout = with(states.poll(), null);
            }
            return rollout;
        }

        @Override
        public Page<Rollout> list(RolloutState state, int limit, long offset) {
            calls.add("list " + state + " " + limit);
            return new Page<>(List.of(rollout), 3, limit, offset);
        }

        @Override
        public List<RolloutEdge> edges(long id, Integer wave) {
            calls.add("edges " + id + " " + wave);
            return edges.stream().filter(edge -> wave == null || edge.wave() == wave).toList();
        }

        @Override
        public List<GateResult> gates(long id) {
            return gates;
        }

        @Override
        public Rollout start(long id, String actor) {
            return change("start", id, actor, RolloutState.RUNNING);
        }

        @Override
        public Rollout pause(long id, String actor) {
            return change("pause", id, actor, RolloutState.PAUSED);
        }

        @Override
        public Rollout resume(long id, String actor) {
            return change("resume", id, actor, RolloutState.RUNNING);
        }

        @Override
        public Rollout abort(long id, String actor) {
            return change("abort", id, actor, RolloutState.ABORTED);
        }

        @Override
        public Rollout rollback(long id, String actor) {
            return change("rollback", id, actor, RolloutState.ROLLED_BACK);
        }

        @Override
        public RolloutPlan streamPlan(long streamId) {
            return streamPlans.getOrDefault(streamId, RolloutPlan.ONE_WAVE);
        }

        @Override
        public void setStreamPlan(long streamId, RolloutPlan plan, String actor) {
            calls.add("plan of " + streamId + (plan == null ? " cleared" : " set") + " by " + actor);
            if (plan == null) {
                streamPlans.remove(streamId);
            } else {
                streamPlans.put(streamId, plan);
            }
        }

        private Rollout change(String action, long id, String actor, RolloutState state) {
            calls.add(action + " " + id + " by " + actor);
            return rollout = with(state, action + " by " + actor);
        }

        private Rollout with(RolloutState state, String message) {
            Rollout r = rollout;
            return new Rollout(r.id(), r.modelVersionId(), r.model(), r.selection(), r.plan(), state, r.currentWave(),
                    r.edges(), r.skipped(), message, r.streamId(), r.createdAt(), r.createdBy(), r.updatedAt(),
                    state.finished() ? NOW.plusSeconds(900) : null, r.waves(), r.agentReleaseId(), r.agentRelease());
        }
    }

    private static Edge edge(long id, String name, String target) {
        return new Edge(id, name, null, null, Map.of(), EdgeState.APPROVED, ConnectionState.ONLINE,
                InferenceStatus.READY, DeviceInfo.UNKNOWN, null, null, NOW, NOW, "admin", "admin", target);
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
                    case "updateEdge" -> {
                        EdgeUpdate update = (EdgeUpdate) args[1];
                        fleetCalls.add("update " + args[0] + " " + update + " by " + args[2]);
                        yield edge((long) args[0], "camera-1", update.target());
                    }
                    case "registerEdge" -> {
                        registration = (EdgeRegistration) args[0];
                        fleetCalls.add("register " + registration.name() + " by " + args[1]);
                        yield edge(20, registration.name(), registration.target());
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private ModelRegistry models() {
        return (ModelRegistry) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { ModelRegistry.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "findVersion" -> {
                        if (!List.of("defects:3", "5").contains(args[0])) {
                            throw new NotFoundException("model version '" + args[0] + "' does not exist");
                        }
                        yield new ModelVersion(5, "defects", "3", "onnx", "ab".repeat(32), 2048, null, null, null,
                                ModelStage.APPROVED, null, NOW, "alice", NOW, "alice");
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private StreamService streams() {
        Stream stream = new Stream(3, "parts-ok", null, "tabular-classification", 1, "parts", 2, 1, "local", "{}", 0.7,
                null, null, null, StreamStatus.TRAINED, 1, null, NOW, "admin", NOW, "admin");
        return (StreamService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { StreamService.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "list" -> List.of(stream);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private RolloutCreateCommand create() {
        RolloutCreateCommand command = new RolloutCreateCommand();
        command.models = models();
        command.fleet = fleet();
        command.rollouts = rollouts;
        command.releases = releases;
        return command;
    }

    private RolloutShowCommand show() {
        RolloutShowCommand command = new RolloutShowCommand();
        command.rollouts = rollouts;
        return command;
    }

    /** The cells of the one table row that contains {@code text}. */

    @Test
    void createTakesWavesInOrderGatesAndTheWholeSelection() throws Exception {
        String shown = console.run(create(), "--wave", "1", "--wave", "50%", "--wave", "100%", "--soak", "300",
                "--wave-timeout", "600", "--min-active", "90", "--max-failed", "1", "--max-score-drop", "0.05",
                "--max-failure-rate-increase", "0.02", "--tag", "site=berlin", "--target", "k8s-prod",
                "defects:3", "camera-1", "8");
        RolloutRequest request = rollouts.request;
        assertEquals(5, request.modelVersionId());
        assertEquals(List.of(7L, 8L), request.edgeIds());
        assertEquals("site", request.tagKey());
        assertEquals("berlin", request.tagValue());
        assertEquals("k8s-prod", request.target());
        assertEquals(PLAN, request.plan());
        assertTrue(request.start());
        assertEquals(List.of("create by alice"), rollouts.calls);
        assertTrue(shown.startsWith("Rollout 12: defects:3 RUNNING, wave 2/3\n"), shown);
        assertTrue(shown.contains("  waves      1 edge, 50%, 100%\n"), shown);
        assertEquals("", console.err());
    }

    @Test
    void createDefaultsToOneWaveStrictHealthNoQualityGateAndAutoRollback() throws Exception {
        console.run(create(), "5", "camera-1");
        assertEquals(new RolloutPlan(List.of(WaveSize.ofPercent(100.0)), 0, 600, HealthGate.STRICT, null, true),
                rollouts.request.plan());
        assertNull(rollouts.request.tagKey());
    }

    @Test
    void qualityGateDefaultsPlannedAndNoAutoRollback() throws Exception {
        console.run(create(), "--planned", "--no-auto-rollback", "--soak", "60", "--max-low-confidence-increase", "0.1",
                "--tag", "site", "defects:3");
        RolloutPlan plan = rollouts.request.plan();
        assertEquals(new QualityGate(null, 0.1, null, 0.5, 20), plan.quality());
        assertFalse(plan.autoRollback());
        assertFalse(rollouts.request.start());
        assertEquals("site", rollouts.request.tagKey());
        assertNull(rollouts.request.tagValue());
        assertTrue(console.out().contains("PLANNED"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "0 | a wave's edges must be between 1 and 100000, was 0",
            "101% | a wave's percent must be above 0 and at most 100, was 101.0",
            "0% | a wave's percent must be above 0 and at most 100, was 0.0",
            "abc | wave must be a number of edges, such as 1, or a percentage of them, such as 50%; was 'abc'",
            "1.5 | wave must be a number of edges, such as 1, or a percentage of them, such as 50%; was '1.5'" })
    void badWavesAreOneClearLineAndCreateNothing(String wave, String message) throws Exception {
        console.run(create(), "--wave", "1", "--wave", wave, "defects:3", "camera-1");
        assertEquals("Error: " + message + System.lineSeparator(), console.err());
        assertEquals(List.of(), rollouts.calls);
    }

    @Test
    void otherBadPlanValuesSurfaceTheirMessage() throws Exception {
        console.run(create(), "--soak", "soon", "defects:3", "camera-1");
        console.run(create(), "--max-score-drop", "0.05", "defects:3", "camera-1");
        console.run(create(), "--min-results", "50", "defects:3", "camera-1");
        console.run(create(), "defects:3");
        assertEquals(List.of("Error: --soak must be a whole number; was 'soon'",
                "Error: a quality gate compares results over the soak time: soakSeconds must be at least 10, was 0",
                "Error: --low-confidence and --min-results tune the quality gate: add --max-score-drop, "
                        + "--max-low-confidence-increase or --max-failure-rate-increase",
                "Error: name the edges: edgeIds, a tagKey (and tagValue), a target, or several"), console.err().lines().toList());
        assertEquals(List.of(), rollouts.calls);
    }

    @Test
    void showRendersPlanWavesGatesAndMessage() throws Exception {
        rollouts.rollout = new FakeRollouts().with(RolloutState.FAILED, "wave 2: health gate failed");
        rollouts.gates = List.of(
                new GateResult(1, NOW.plusSeconds(60), "health", "activePercent", 100.0, 90, true, false, null),
                new GateResult(1, NOW.plusSeconds(330), "health", "activePercent", 100.0, 90, true, true, null),
                new GateResult(1, NOW.plusSeconds(330), "quality", "scoreDrop", 0.012345, 0.05, true, true, null),
                new GateResult(2, NOW.plusSeconds(400), "quality", "scoreDrop", null, 0.05, false, false,
                        "3 results, 20 needed"),
                new GateResult(2, NOW.plusSeconds(460), "quality", "scoreDrop", 0.08, 0.05, false, false, null));
        String shown = console.run(show(), "12");
        assertTrue(shown.startsWith("Rollout 12: defects:3 FAILED, wave 2/3\n"
                + "  selection  tag site=berlin: 5 edge(s), 1 skipped\n"
                + "  waves      1 edge, 50%, 100%\n"
                + "  soak       300 s after a wave's edges settled; judged after 600 s at the latest\n"
                + "  health     at least 90% ACTIVE, at most 1 failed or rolled back\n"
                + "  quality    mean score drops at most 0.05, failure rate grows at most 0.02; at least 20 results "
                + "each side\n"
                + "  on failure roll every reached edge back\n"
                + "  created    2026-11-23T10:00:00Z by alice\n"), shown);
        assertTrue(shown.contains("  finished   2026-11-23T10:15:00Z\n  message    wave 2: health gate failed\n"), shown);
        assertEquals(List.of("1", "1", "ACTIVE 1", "2026-11-23T10:00:00Z", "2026-11-23T10:00:30Z",
                "2026-11-23T10:05:30Z"), ShellConsole.row(shown, "| ACTIVE 1 "));
        assertEquals(List.of("2", "2", "DOWNLOADING 1, ACTIVE 1", "2026-11-23T10:05:30Z", "-", "-"),
                ShellConsole.row(shown, "DOWNLOADING"));
        assertEquals(List.of("3", "2", "WAITING 2", "-", "-", "-"), ShellConsole.row(shown, "WAITING"));
        // the decisive result replaces the measurement; a soaking wave shows its latest measurement
        assertEquals(List.of("1", "health", "activePercent", "100", "90", "yes", "2026-11-23T10:05:30Z", "-"),
                ShellConsole.row(shown, "activePercent"));
        assertEquals(List.of("1", "quality", "scoreDrop", "0.01235", "0.05", "yes", "2026-11-23T10:05:30Z", "-"),
                ShellConsole.row(shown, "0.01235"));
        assertEquals(List.of("2", "quality", "scoreDrop", "0.08", "0.05", "no so far", "2026-11-23T10:07:40Z", "-"),
                ShellConsole.row(shown, "no so far"));
        assertFalse(shown.contains("20 needed"), shown);
        assertFalse(shown.contains("EDGE "), "edges only on request: " + shown);
        assertEquals(List.of("get 12"), rollouts.calls);
    }

    @Test
    void showWithEdgesListsSkippedOnesWithTheirReason() throws Exception {
        rollouts.edges = List.of(
                new RolloutEdge(7, "camera-1", "edge-agent", 1, null, "defects:2", 40L, EdgeDeploymentStatus.ACTIVE,
                        null, 61L, EdgeDeploymentStatus.PENDING, null),
                new RolloutEdge(8, "camera-2", "k8s-prod", 2, null, null, 41L, EdgeDeploymentStatus.FAILED,
                        "image pull failed", null, null, null),
                new RolloutEdge(9, "camera-9", "edge-agent", 0, "no runtime for onnx", "defects:2", null, null, null,
                        null, null, null));
        String shown = console.run(show(), "--edges", "12");
        assertEquals(List.of("camera-1 (7)", "edge-agent", "1", "defects:2", "ACTIVE", "-", "PENDING"),
                ShellConsole.row(shown, "camera-1"));
        assertEquals(List.of("camera-2 (8)", "k8s-prod", "2", "-", "FAILED", "image pull failed", "-"),
                ShellConsole.row(shown, "camera-2"));
        assertEquals(List.of("camera-9 (9)", "edge-agent", "skipped", "defects:2", "-", "no runtime for onnx", "-"),
                ShellConsole.row(shown, "camera-9"));
    }

    @Test
    void aWaveShowsOnlyItsEdges() throws Exception {
        rollouts.edges = List.of(
                new RolloutEdge(7, "camera-1", "edge-agent", 1, null, null, 40L, EdgeDeploymentStatus.ACTIVE, null,
                        null, null, null),
                new RolloutEdge(9, "camera-9", "edge-agent", 0, "offline for a week", null, null, null, null, null,
                        null, null));
        String shown = console.run(show(), "--wave", "0", "12");
        assertTrue(shown.contains("offline for a week") && !shown.contains("camera-1"), shown);
        assertEquals(List.of("get 12", "edges 12 0"), rollouts.calls);
    }

    @Test
    void watchRedrawsUntilTheRolloutIsFinished() throws Exception {
        rollouts.states.addAll(List.of(RolloutState.RUNNING, RolloutState.RUNNING, RolloutState.SUCCEEDED));
        List<Duration> pauses = new ArrayList<>();
        RolloutShowCommand command = show();
        command.sleeper = pauses::add;
        String shown = console.run(command, "--watch", "--interval", "5", "12");
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(5)), pauses);
        assertEquals(3, shown.split("Rollout 12: ", -1).length - 1, shown);
        assertEquals(2, shown.split("Ctrl-C stops watching", -1).length - 1, shown);
        String lastFrame = shown.substring(shown.lastIndexOf("Rollout 12: "));
        assertTrue(lastFrame.startsWith("Rollout 12: defects:3 SUCCEEDED"), lastFrame);
        assertFalse(lastFrame.contains("Ctrl-C"), lastFrame);
        assertEquals(List.of("get 12", "get 12", "get 12"), rollouts.calls);
    }

    @Test
    void ctrlCStopsWatchingButNotTheRollout() throws Exception {
        RolloutShowCommand command = show();
        command.sleeper = duration -> {
            throw new InterruptedException();
        };
        String shown = console.run(command, "--watch", "12");
        try {
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the shell");
        } finally {
            Thread.interrupted();
        }
        assertTrue(shown.endsWith("Stopped watching rollout 12; it goes on." + System.lineSeparator()), shown);
        assertEquals(List.of("get 12"), rollouts.calls);
        assertEquals("", console.err());
    }

    @Test
    void aBadIntervalOrIdIsRefused() throws Exception {
        console.run(show(), "--watch", "--interval", "0", "12");
        console.run(show(), "twelve");
        assertEquals(List.of("Error: interval must be between 1 and 3600, was 0",
                "Error: rollout id must be a number; was 'twelve'"), console.err().lines().toList());
        assertEquals(List.of(), rollouts.calls);
    }

    @Test
    void stateChangesCallTheServiceWithIdAndActorAndSayWhereItStands() throws Exception {
        for (RolloutStateAction command : List.of(new RolloutPauseCommand(), new RolloutResumeCommand(),
                new RolloutAbortCommand(), new RolloutRollbackCommand(), new RolloutStartCommand())) {
            command.rollouts = rollouts;
            console.run(command, "12");
        }
        assertEquals(List.of("pause 12 by alice", "resume 12 by alice", "abort 12 by alice", "rollback 12 by alice",
                "start 12 by alice"), rollouts.calls);
        assertEquals(List.of("Rollout 12 (defects:3) is now PAUSED: pause by alice",
                "Rollout 12 (defects:3) is now RUNNING: resume by alice",
                "Rollout 12 (defects:3) is now ABORTED: abort by alice",
                "Rollout 12 (defects:3) is now ROLLED_BACK: rollback by alice",
                "Rollout 12 (defects:3) is now RUNNING: start by alice"),
                console.out().lines().toList());
    }

    @Test
    void listShowsOneRowPerRolloutWithClippedMessage() throws Exception {
        rollouts.rollout = new FakeRollouts().with(RolloutState.FAILED, "wave 2: health gate failed: "
                + "only 50% of the reached edges run the new version");
        RolloutListCommand command = new RolloutListCommand();
        command.rollouts = rollouts;
        String listed = console.run(command, "--state", "failed", "--limit", "10");
        assertEquals(List.of("list FAILED 10"), rollouts.calls);
        assertEquals(List.of("12", "defects:3", "FAILED", "2/3", "5", "1", "tag site=berlin",
                "alice 2026-11-23T10:00:00Z", "wave 2: health gate failed: only 50% ..."), ShellConsole.row(listed, "defects:3"));
        assertTrue(listed.endsWith("1 of 3 rollouts" + System.lineSeparator()), listed);
    }

    @Test
    void streamPlanIsShownSetAndCleared() throws Exception {
        RolloutPlanCommand show = planCommand();
        assertTrue(console.run(show, "parts-ok").startsWith("Stream parts-ok (3): all edges at once (the default)\n"
                + "  waves      100%\n"));
        console.reset();
        String set = console.run(planCommand(), "--wave", "10%", "--wave", "100%", "--soak", "120", "parts-ok");
        assertEquals(new RolloutPlan(List.of(WaveSize.ofPercent(10.0), WaveSize.ofPercent(100.0)), 120, 600,
                HealthGate.STRICT, null, true), rollouts.streamPlans.get(3L));
        assertTrue(set.startsWith("Stream parts-ok (3)\n  waves      10%, 100%\n  soak       120 s"), set);
        console.run(planCommand(), "--clear", "3");
        console.run(planCommand(), "--clear", "--soak", "60", "parts-ok");
        assertEquals(List.of("plan of 3 set by alice", "plan of 3 cleared by alice"), rollouts.calls);
        assertEquals("Error: give plan options or --clear, not both" + System.lineSeparator(), console.err());
    }

    private RolloutPlanCommand planCommand() {
        RolloutPlanCommand command = new RolloutPlanCommand();
        command.rollouts = rollouts;
        command.streams = streams();
        return command;
    }

    @Test
    void edgeTargetIsShownAndMoved() throws Exception {
        EdgeTargetCommand show = new EdgeTargetCommand();
        show.fleet = fleet();
        EdgeTargetCommand move = new EdgeTargetCommand();
        move.fleet = fleet();
        console.run(show, "camera-1");
        String moved = console.run(move, "7", "k8s-prod");
        assertEquals(List.of("update 7 " + new EdgeUpdate(null, null, null, null, "k8s-prod") + " by alice"), fleetCalls);
        assertEquals(List.of("Edge 7 (camera-1) is reached by target edge-agent",
                "Edge 7 (camera-1) is now reached by target k8s-prod"), moved.lines().toList());
    }

    @Test
    void edgeRegisterPassesNameTargetTagsAndPlace() throws Exception {
        EdgeRegisterCommand command = new EdgeRegisterCommand();
        command.fleet = fleet();
        String registered = console.run(command, "--target", "k8s-prod", "--tag", "site=berlin", "--tag", "line=3",
                "--location", "hall 2", "--description", "namespace vision", "cluster-berlin");
        assertEquals(List.of("register cluster-berlin by alice"), fleetCalls);
        assertEquals(new EdgeRegistration("cluster-berlin", "namespace vision", "hall 2",
                Map.of("site", "berlin", "line", "3"), "k8s-prod"), registration);
        assertEquals("Edge 20 (cluster-berlin) registered: APPROVED, reached by target k8s-prod"
                + System.lineSeparator(), registered);
        EdgeRegisterCommand withoutTarget = new EdgeRegisterCommand();
        withoutTarget.fleet = fleet();
        console.run(withoutTarget, "cluster-munich");
        assertEquals("Error: target is required: the deployment target that reaches this edge"
                + System.lineSeparator(), console.err());
    }

    private static final Rollout AGENT = new Rollout(12, null, null, "tag site=berlin", PLAN, RolloutState.RUNNING, 2,
            5, 1, null, null, NOW, "alice", NOW.plusSeconds(400), null, RUNNING.waves(), 1L, "0.2.0");

    @Test
    void createRollsAnAgentReleaseOutToTheEdgesNamed() throws Exception {
        releases.releases.add(FakeAgentReleases.release(1, "0.2.0", null));
        rollouts.rollout = AGENT;
        String shown = console.run(create(), "--agent-release", "0.2.0", "--wave", "1", "--wave", "100%", "camera-1", "8");
        RolloutRequest request = rollouts.request;
        assertEquals(1L, request.agentReleaseId());
        assertNull(request.modelVersionId());
        assertEquals(List.of(7L, 8L), request.edgeIds(), "with --agent-release every argument names an edge");
        assertEquals(List.of(WaveSize.ofEdges(1), WaveSize.ofPercent(100)), request.plan().waves());
        assertTrue(shown.startsWith("Rollout 12: agent 0.2.0 RUNNING, wave 2/3\n"), shown);
        console.reset();
        console.run(create(), "--agent-release", "1", "--target", "edge-agent");
        assertEquals(1L, rollouts.request.agentReleaseId());
        assertEquals(List.of(), rollouts.request.edgeIds());
        assertEquals("", console.err());
    }

    @Test
    void createNamesAModelVersionOrAnAgentReleaseNotBothNorNeither() throws Exception {
        releases.releases.add(FakeAgentReleases.release(1, "0.2.0", null));
        console.run(create(), "--agent-release", "1", "defects:3", "camera-1");
        console.run(create(), "camera-1");
        console.run(create(), "--tag", "site=berlin");
        console.run(create(), "--agent-release", "0.9.0", "camera-1");
        assertEquals(List.of("Error: give a model version or --agent-release, not both",
                "Error: model version 'camera-1' does not exist",
                "Error: name what to roll out: a model version (name:version or id) or --agent-release <id or version>",
                "Error: no agent release has the id or version '0.9.0'"), console.err().lines().toList());
        assertEquals(List.of(), rollouts.calls);
    }

    @Test
    void agentRolloutsReadAsTheirReleaseInListsViewsAndStateChanges() throws Exception {
        rollouts.rollout = AGENT;
        RolloutListCommand list = new RolloutListCommand();
        list.rollouts = rollouts;
        assertEquals("agent 0.2.0", ShellConsole.row(console.run(list), "| RUNNING").get(1));
        console.reset();
        rollouts.edges = List.of(
                new RolloutEdge(7, "camera-1", "edge-agent", 1, null, null, 40L, EdgeDeploymentStatus.ROLLED_BACK,
                        "bundle org.example.driver did not start", null, null, "0.1.0"),
                new RolloutEdge(8, "camera-2", "edge-agent", 2, null, null, 41L, EdgeDeploymentStatus.ACTIVE, null,
                        null, null, null));
        String shown = console.run(show(), "--edges", "12");
        assertTrue(shown.startsWith("Rollout 12: agent 0.2.0 RUNNING, wave 2/3\n"), shown);
        assertEquals(List.of("camera-1 (7)", "edge-agent", "1", "agent 0.1.0", "ROLLED_BACK",
                "bundle org.example.driver did not start", "-"), ShellConsole.row(shown, "camera-1"));
        assertEquals("as installed", ShellConsole.row(shown, "camera-2").get(3), "no release before: the installation's bundles");
        console.reset();
        RolloutPauseCommand pause = new RolloutPauseCommand();
        pause.rollouts = rollouts;
        assertEquals("Rollout 12 (agent 0.2.0) is now PAUSED: pause by alice" + System.lineSeparator(), console.run(pause, "12"));

        RolloutCompleter completer = new RolloutCompleter();
        completer.rollouts = rollouts;
        List<Candidate> candidates = new ArrayList<>();
        completer.completeCandidates(null, null, candidates);
        assertEquals(List.of("agent 0.2.0 PAUSED"), candidates.stream().map(Candidate::descr).toList());
    }

    @Test
    void completersDescribeRolloutsAndTargets() {
        RolloutCompleter rolloutCompleter = new RolloutCompleter();
        rolloutCompleter.rollouts = rollouts;
        List<Candidate> candidates = new ArrayList<>();
        rolloutCompleter.completeCandidates(null, null, candidates);
        assertEquals(List.of("12"), candidates.stream().map(Candidate::value).toList());
        assertEquals(List.of("defects:3 RUNNING"), candidates.stream().map(Candidate::descr).toList());
        assertEquals(List.of("list null " + RolloutCompleter.RECENT), rollouts.calls);

        DeploymentTargetCompleter targetCompleter = new DeploymentTargetCompleter();
        targetCompleter.registry = (PluginRegistry) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { PluginRegistry.class }, (proxy, method, args) -> {
                    assertEquals(List.of(PluginKind.DEPLOYMENT_TARGET), List.of(args));
                    return List.of(target("edge-agent", "ModelFleet agent"), target("k8s-prod", "Kubernetes"));
                });
        candidates.clear();
        targetCompleter.completeCandidates(null, null, candidates);
        assertEquals(List.of("edge-agent", "k8s-prod"), candidates.stream().map(Candidate::value).toList());
        assertEquals(List.of("ModelFleet agent", "Kubernetes"), candidates.stream().map(Candidate::descr).toList());
    }

    private static PluginInfo target(String id, String name) {
        return new PluginInfo(PluginKind.DEPLOYMENT_TARGET, id, name, "1.0.0", null, "io.modelfleet.target", "1.0.0",
                42, "ACTIVE");
    }
}
