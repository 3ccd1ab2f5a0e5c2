package io.modelfleet.shell.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Terminal;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.Validation;
import io.modelfleet.api.rollout.GateResult;
import io.modelfleet.api.rollout.Rollout;
import io.modelfleet.api.rollout.RolloutEdge;
import io.modelfleet.api.rollout.RolloutService;
import io.modelfleet.api.rollout.RolloutWave;

@Service
@Command(scope = "fleet", name = "rollout-show", description = "Shows a rollout: its plan, where each wave's edges "
        + "stand and how the gates judged; --watch follows it live")
public class RolloutShowCommand extends FleetAction {
    static final int DEFAULT_INTERVAL_SECONDS = 2;
    private static final String CLEAR_SCREEN = "\u001b[H\u001b[2J";

    /** Waits between redraws; tests put in one that counts redraws or interrupts like Ctrl-C. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    @Reference
    RolloutService rollouts;

    @Argument(index = 0, name = "id", description = "rollout id", required = true)
    @Completion(RolloutCompleter.class)
    String id;

    @Option(name = "--edges", description = "add every edge: wave, previous model (or agent release), status, "
            + "rollback; skipped ones with the reason")
    boolean edges;

    @Option(name = "--wave", description = "add only this wave's edges (0: the skipped ones)")
    String wave;

    @Option(name = "--watch", description = "redraw until the rollout finishes; Ctrl-C stops watching, not the rollout")
    boolean watch;

    @Option(name = "--interval", description = "seconds between redraws with --watch (1..3600, default "
            + DEFAULT_INTERVAL_SECONDS + ")")
    String interval;

    Sleeper sleeper = duration -> Thread.sleep(duration.toMillis());

    @Override
    void run() {
        long rolloutId = Parse.id("rollout id", id);
        Integer edgeWave = Parse.integer("--wave", wave);
        Integer seconds = Parse.integer("--interval", interval);
        Duration pause = Duration.ofSeconds(
                Validation.range("interval", seconds == null ? DEFAULT_INTERVAL_SECONDS : seconds, 1, 3600));
        if (!watch) {
            System.out.print(render(rollouts.get(rolloutId), edgeWave));
            return;
        }
        Terminal terminal = session.getTerminal();
        // without ANSI (a script, a dumb terminal) frames follow one another instead of overwriting
        String frameStart = terminal != null && terminal.isAnsiSupported() ? CLEAR_SCREEN : "\n";
        while (true) {
            Rollout rollout = rollouts.get(rolloutId);
            System.out.print(frameStart + render(rollout, edgeWave));
            if (rollout.state().finished()) {
                return;
            }
            System.out.println("Every " + pause.toSeconds() + " s; Ctrl-C stops watching (the rollout goes on)");
            System.out.flush();
            try {
                sleeper.sleep(pause);
            } catch (InterruptedException e) {
                // Ctrl-C: the operator is done watching; keep the flag for whoever runs this command
                Thread.currentThread().interrupt();
                System.out.println("Stopped watching rollout " + rolloutId + "; it goes on.");
                return;
            }
        }
    }

    /** One view of the rollout with its gate results and, when asked for, its edges. */
    String render(Rollout rollout, Integer edgeWave) {
        return describe(rollout, rollouts.gates(rollout.id()),
                edges || edgeWave != null ? rollouts.edges(rollout.id(), edgeWave) : null);
    }

    /** The whole view as text; {@code edgeRows} null leaves the edge table out. */
    static String describe(Rollout rollout, List<GateResult> gates, List<RolloutEdge> edgeRows) {
        StringBuilder out = new StringBuilder();
        out.append("Rollout ").append(rollout.id()).append(": ").append(rollout.subject()).append(' ')
                .append(rollout.state()).append(", wave ").append(RolloutText.wave(rollout)).append('\n');
        RolloutText.line(out, "  ", "selection", rollout.selection() + ": " + rollout.edges() + " edge(s)"
                + (rollout.skipped() > 0 ? ", " + rollout.skipped() + " skipped" : ""));
        if (rollout.streamId() != null) {
            RolloutText.line(out, "  ", "stream", rollout.streamId());
        }
        out.append(RolloutText.plan(rollout.plan(), "  "));
        RolloutText.line(out, "  ", "created", Format.instant(rollout.createdAt()) + " by "
                + Format.text(rollout.createdBy()));
        RolloutText.line(out, "  ", "updated", Format.instant(rollout.updatedAt()));
        if (rollout.finishedAt() != null) {
            RolloutText.line(out, "  ", "finished", Format.instant(rollout.finishedAt()));
        }
        RolloutText.line(out, "  ", "message", rollout.message());

        out.append('\n').append(Format.table(waves(rollout.waves())));
        List<GateResult> shown = latestPerWave(gates);
        if (!shown.isEmpty()) {
            out.append("\nGates: the decisive results of judged waves, the latest measurements of a soaking one\n")
                    .append(Format.table(gates(shown)));
        }
        if (edgeRows != null) {
            out.append('\n').append(Format.table(edges(edgeRows, rollout.isAgentRelease())));
        }
        return out.toString();
    }

    private static ShellTable waves(List<RolloutWave> waves) {
        ShellTable table = new ShellTable().emptyTableText("no waves laid out yet");
        table.column("WAVE").alignRight();
        table.column("EDGES").alignRight();
        table.column("STATUS");
        table.column("STARTED");
        table.column("SETTLED");
        table.column("FINISHED");
        for (RolloutWave wave : waves) {
            table.addRow().addContent(wave.number(), wave.edges(), Format.text(RolloutText.counts(wave.statusCounts())),
                    Format.instant(wave.startedAt()), Format.instant(wave.settledAt()), Format.instant(wave.finishedAt()));
        }
        return table;
    }

    /**
     * Per wave and metric the last decisive result; a wave not judged yet has only measurements, and its latest one
     * is what a live view wants to see.
     */
    static List<GateResult> latestPerWave(List<GateResult> gates) {
        Map<List<Object>, GateResult> latest = new LinkedHashMap<>();
        for (GateResult result : gates) {
            GateResult known = latest.get(List.of(result.wave(), result.gate(), result.metric()));
            if (known == null || result.decisive() || !known.decisive()) {
                latest.put(List.of(result.wave(), result.gate(), result.metric()), result);
            }
        }
        List<GateResult> shown = new ArrayList<>(latest.values());
        shown.sort(Comparator.comparingInt(GateResult::wave));
        return shown;
    }

    private static ShellTable gates(List<GateResult> results) {
        ShellTable table = new ShellTable();
        table.column("WAVE").alignRight();
        table.column("GATE");
        table.column("METRIC");
        table.column("VALUE").alignRight();
        table.column("THRESHOLD").alignRight();
        table.column("PASSED");
        table.column("AT");
        table.column("DETAIL").maxSize(60);
        for (GateResult result : results) {
            String passed = result.passed() ? "yes" : "no";
            table.addRow().addContent(result.wave(), result.gate(), result.metric(), Format.measured(result.value()),
                    Format.number(result.threshold()), result.decisive() ? passed : passed + " so far",
                    Format.instant(result.at()), Format.text(result.detail()));
        }
        return table;
    }

    /** PREVIOUS is the model an edge ran, or for an agent release the release its agent was told to run. */
    private static ShellTable edges(List<RolloutEdge> edges, boolean agentRelease) {
        ShellTable table = new ShellTable().emptyTableText("no edges");
        table.column("EDGE");
        table.column("TARGET");
        table.column("WAVE");
        table.column("PREVIOUS");
        table.column("STATUS");
        table.column("DETAIL").maxSize(60);
        table.column("ROLLBACK");
        for (RolloutEdge edge : edges) {
            boolean skipped = edge.wave() == 0;
            table.addRow().addContent(edge.edgeName() + " (" + edge.edgeId() + ")", Format.text(edge.target()),
                    skipped ? "skipped" : edge.wave(),
                    agentRelease ? previousAgent(edge) : Format.text(edge.previousModel()), Format.text(edge.status()),
                    Format.text(skipped ? edge.skippedReason() : edge.detail()), Format.text(edge.rollbackStatus()));
        }
        return table;
    }

    /** No previous release: the agent ran the bundle set it was installed with. */
    private static String previousAgent(RolloutEdge edge) {
        return edge.previousAgentRelease() == null ? "as installed" : "agent " + edge.previousAgentRelease();
    }
}
