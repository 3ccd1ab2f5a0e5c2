package io.modelfleet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.alert.AlertKind;
import io.modelfleet.api.alert.AlertRule;
import io.modelfleet.api.alert.AlertService;
import io.modelfleet.api.model.ModelRegistry;
import io.modelfleet.api.model.ModelStage;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.api.stream.Retraining;
import io.modelfleet.api.stream.RetrainingPolicy;
import io.modelfleet.api.stream.RetrainingService;
import io.modelfleet.api.stream.RetrainingState;
import io.modelfleet.api.stream.RetrainingStep;
import io.modelfleet.api.stream.Stream;
import io.modelfleet.api.stream.StreamService;
import io.modelfleet.api.stream.StreamStatus;

/** The retraining commands, parsed by Karaf's own preparator and run against a retraining service that records calls. */
class RetrainingCommandsTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    private static final Stream PARTS = stream(3, "parts-ok");
    private static final Stream BOLTS = stream(4, "bolts");
    private static final AlertRule DRIFT = new AlertRule(4, "parts drift", AlertKind.DRIFT, null, null, null,
            "parts-ok:v1.4", 0.2, 0.5, 60, 100, 0, true, List.of(), NOW, "alice", NOW, "alice");
    private static final AlertRule LOW = new AlertRule(5, "parts low", AlertKind.LOW_CONFIDENCE_RATE, null, null, null,
            null, 10.0, 0.4, 30, 50, 0, true, List.of(), NOW, "alice", NOW, "alice");

    /** Waits for labels: imported, nothing trained yet. */
    private static final Retraining LABELS = new Retraining(7, 3, "parts-ok", 21L, "alert 21 of rule 'parts drift'",
            RetrainingState.AWAITING_LABELS, "imported 340 samples; waiting for relabeling",
            options("model", "parts-ok:v1.4", "from", "2026-12-06T09:00:00Z", "to", "2026-12-06T10:00:30Z", "limit",
                    "5000"),
            30L, 340L, null, null, null, "parts-ok:v1.4", null, NOW, "retraining", NOW.plusSeconds(60), null, List.of(
                    new RetrainingStep(NOW, RetrainingState.IMPORTING, "started: alert 21 of rule 'parts drift'"),
                    new RetrainingStep(NOW.plusSeconds(60), RetrainingState.AWAITING_LABELS,
                            "imported 340 samples; waiting for relabeling")));
    /** Went all the way: trained parts-ok:v1.5 (id 12) and rolled it out. */
    private static final Retraining DONE = new Retraining(6, 3, "parts-ok", null,
            "started by bob (as rule 'parts low')", RetrainingState.SUCCEEDED, "rollout 8 succeeded",
            options("model", "parts-ok:v1.3", "maxScore", "0.4", "limit", "5000"), 28L, 120L, 11L, 44L, 12L,
            "parts-ok:v1.3", 8L, NOW.minusSeconds(86_400), "bob", NOW.minusSeconds(80_000), NOW.minusSeconds(80_000),
            List.of(new RetrainingStep(NOW.minusSeconds(86_400), RetrainingState.IMPORTING, "started by bob"),
                    new RetrainingStep(NOW.minusSeconds(86_000), RetrainingState.TRAINING, "imported 120 samples"),
                    new RetrainingStep(NOW.minusSeconds(84_000), RetrainingState.ROLLING_OUT,
                            "parts-ok:v1.5 passed the gate and was approved"),
                    new RetrainingStep(NOW.minusSeconds(80_000), RetrainingState.SUCCEEDED, "rollout 8 succeeded")));
    /** Of another stream; its model version (13) was deleted since. */
    private static final Retraining FAILED = new Retraining(5, 4, "bolts", 19L, "alert 19 of rule 'bolt failures'",
            RetrainingState.FAILED, "accuracy 0.71 is below 0.8", null, 27L, 80L, 10L, 43L, 13L, null, null,
            NOW.minusSeconds(90_000), "retraining", NOW.minusSeconds(89_000), NOW.minusSeconds(89_000), null);

    @RegisterExtension
    final ShellConsole console = new ShellConsole();

    private final FakeRetrainings retrainings = new FakeRetrainings();
    private final List<String> prompts = new ArrayList<>();
    private final List<String> modelLookups = new ArrayList<>();

    /** Policies and retrainings in memory; records each call and what was submitted. */
    private static final class FakeRetrainings implements RetrainingService {
        final List<String> calls = new ArrayList<>();
        final Map<Long, RetrainingPolicy> policies = new HashMap<>();
        final List<Retraining> retrainings = new ArrayList<>(List.of(LABELS, DONE, FAILED));
        RetrainingPolicy submitted;
        RuntimeException refusal;

        @Override
        public Optional<RetrainingPolicy> policy(long streamId) {
            calls.add("policy " + streamId);
            return Optional.ofNullable(policies.get(streamId));
        }

        @Override
        public RetrainingPolicy setPolicy(long streamId, RetrainingPolicy policy, String actor) {
            calls.add("setPolicy " + streamId + " by " + actor);
            refuse();
            submitted = policy;
            policies.put(streamId, policy);
            return policy;
        }

        @Override
        public void clearPolicy(long streamId, String actor) {
            calls.add("clearPolicy " + streamId + " by " + actor);
            policies.remove(streamId);
        }

        @Override
        public Retraining start(long streamId, Long ruleId, String actor) {
            calls.add("start " + streamId + " rule " + ruleId + " by " + actor);
            refuse();
            return new Retraining(9, streamId, "parts-ok", null, "started by " + actor, RetrainingState.IMPORTING,
                    "started by " + actor + "; importing the samples of parts-ok:v1.5", null, null, null, null, null,
                    null, "parts-ok:v1.5", null, NOW, actor, NOW, null, null);
        }

        @Override
        public List<Retraining> list(Long streamId, int limit) {
            calls.add("list " + streamId + " " + limit);
            if (limit < 1 || limit > 1000) {
                throw new InvalidInputException("limit must be between 1 and 1000", Map.of("limit", "1-1000"));
            }
            return retrainings.stream().filter(r -> streamId == null || r.streamId() == streamId).limit(limit)
                    .toList();
        }

        @Override
        public Retraining get(long id) {
            return retrainings.stream().filter(r -> r.id() == id).findFirst()
                    .orElseThrow(() -> new NotFoundException("retraining " + id + " does not exist"));
        }

        @Override
        public Retraining proceed(long id, String actor) {
            calls.add("proceed " + id + " by " + actor);
            Retraining found = get(id);
            if (found.state() != RetrainingState.AWAITING_LABELS) {
                throw new ConflictException("retraining " + id + " is " + found.state()
                        + "; only one AWAITING_LABELS goes on when told");
            }
            return moved(found, RetrainingState.TRAINING, "published dataset version 12; training run 45 queued");
        }

        @Override
        public Retraining stop(long id, String actor) {
            calls.add("stop " + id + " by " + actor);
            Retraining found = get(id);
            return found.state().finished() ? found
                    : moved(found, RetrainingState.STOPPED, "stopped by " + actor + " while " + found.state());
        }

        private void refuse() {
            if (refusal != null) {
                throw refusal;
            }
        }

        private static Retraining moved(Retraining r, RetrainingState state, String message) {
            return new Retraining(r.id(), r.streamId(), r.streamName(), r.alertId(), r.trigger(), state, message,
                    r.importOptions(), r.importJobId(), r.importedItems(), r.datasetVersionId(), r.trainingRunId(),
                    r.modelVersionId(), r.replacesVersion(), r.rolloutId(), r.createdAt(), r.createdBy(), NOW,
                    state.finished() ? NOW : null, r.steps());
        }
    }

    private static Stream stream(long id, String name) {
        return new Stream(id, name, null, "tabular-classification", 1, "parts", 2, 1, "local", "{}", 0.7, null, null,
                null, StreamStatus.TRAINED, 4, null, NOW, "admin", NOW, "admin");
    }

    private static Map<String, String> options(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private final StreamService streams = (StreamService) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] { StreamService.class }, (proxy, method, args) -> switch (method.getName()) {
                case "list" -> List.of(PARTS, BOLTS);
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private final AlertService alerts = (AlertService) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] { AlertService.class }, (proxy, method, args) -> switch (method.getName()) {
                case "rules" -> List.of(DRIFT, LOW);
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private final ModelRegistry models = (ModelRegistry) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] { ModelRegistry.class }, (proxy, method, args) -> switch (method.getName()) {
                case "getVersion" -> {
                    modelLookups.add("getVersion " + args[0]);
                    if ((long) args[0] != 12) {
                        throw new NotFoundException("model version " + args[0] + " does not exist");
                    }
                    yield new ModelVersion(12, "parts-ok", "v1.5", "onnx", "ab".repeat(32), 2048, null, null, null,
                            ModelStage.APPROVED, null, NOW, "retraining", NOW, "retraining");
                }
                default -> throw new UnsupportedOperationException(method.getName());
            });

    /** The command wired to the fake services. */
    private <T extends FleetAction> T with(T command) {
        if (command instanceof RetrainingPolicyCommand c) {
            c.retrainings = retrainings;
            c.streams = streams;
            c.alerts = alerts;
        } else if (command instanceof RetrainingPolicySetCommand c) {
            c.retrainings = retrainings;
            c.streams = streams;
            c.alerts = alerts;
        } else if (command instanceof RetrainingPolicyClearCommand c) {
            c.retrainings = retrainings;
            c.streams = streams;
        } else if (command instanceof RetrainingStartCommand c) {
            c.retrainings = retrainings;
            c.streams = streams;
        } else if (command instanceof RetrainingListCommand c) {
            c.retrainings = retrainings;
            c.streams = streams;
            c.models = models;
        } else if (command instanceof RetrainingShowCommand c) {
            c.retrainings = retrainings;
            c.models = models;
        } else if (command instanceof RetrainingStateAction c) {
            c.retrainings = retrainings;
        } else {
            throw new IllegalArgumentException(command.getClass().getName());
        }
        return command;
    }


    private void runTyping(FleetAction command, String typed, String... args) throws Exception {
        ShellConsole.runTyping(command, typed, prompts, args);
    }

    @Test
    void aStreamWithoutPolicySaysSoAndOneWithAPolicyShowsIt() throws Exception {
        String shown = console.run(with(new RetrainingPolicyCommand()), "parts-ok");
        assertEquals("Stream parts-ok (3) has no retraining policy; fleet:retraining-policy-set sets one\n", shown);
        console.reset();

        retrainings.policies.put(4L, new RetrainingPolicy(null, List.of(5L, 17L), null, null, null, null, null, null,
                null, null, 0));
        shown = console.run(with(new RetrainingPolicyCommand()), "4");
        assertEquals("Retraining policy of bolts (4)\n"
                + "  triggers   parts low (5, LOW_CONFIDENCE_RATE), rule 17\n"
                + "  imports    at most 5000 samples from edges, any score (a LOW_CONFIDENCE_RATE trigger: below its "
                + "score)\n"
                + "  labels     as the model predicted them\n"
                + "  gate       none\n"
                + "  approval   by a person (fleet:model-stage <version> APPROVED)\n"
                + "  cooldown   none\n", shown);
        assertEquals(List.of("policy 3", "policy 4"), retrainings.calls);

        console.run(with(new RetrainingPolicyCommand()), "nope");
        assertEquals(List.of("Error: stream 'nope' does not exist"), console.errors());
    }

    @Test
    void policySetPassesEveryParsedOptionAndShowsWhatWasSaved() throws Exception {
        String saved = console.run(with(new RetrainingPolicySetCommand()), "--rule", "4", "--rule", "5",
                "--source", "edges-archive", "--max-score", "0.6", "--max-items", "2000", "--wait-for-labels",
                "--gate-metric", "accuracy", "--gate-min", "0.8", "--gate-max-drop", "0.05", "--auto-approve",
                "--cooldown", "120", "--disabled", "parts-ok");
        assertEquals(new RetrainingPolicy(false, List.of(4L, 5L), "edges-archive", 0.6, 2000, true, "accuracy", 0.8,
                0.05, true, 120), retrainings.submitted);
        assertEquals(List.of("setPolicy 3 by alice"), retrainings.calls);
        assertEquals("Retraining policy of parts-ok (3) (disabled)\n"
                + "  triggers   parts drift (4, DRIFT), parts low (5, LOW_CONFIDENCE_RATE)\n"
                + "  imports    at most 2000 samples from edges-archive, scoring at most 0.6\n"
                + "  labels     waits for relabeling after the import (then fleet:retraining-continue)\n"
                + "  gate       accuracy at least 0.8, at most 0.05 below the version it replaces\n"
                + "  approval   automatic when the gate passes\n"
                + "  cooldown   120 min between retrainings\n", saved);
        assertEquals("", console.err());
    }

    @Test
    void policySetLeavesWhatIsNotGivenToTheApisDefaults() throws Exception {
        console.run(with(new RetrainingPolicySetCommand()), "--rule", "5", "--gate-metric", "f1", "--gate-max-drop",
                "0.02", "4");
        RetrainingPolicy submitted = retrainings.submitted;
        assertEquals(new RetrainingPolicy(true, List.of(5L), null, null, null, false, "f1", null, 0.02, false, null),
                submitted);
        assertEquals("edges", submitted.source());
        assertEquals(RetrainingPolicy.DEFAULT_ITEMS, submitted.maxItems());
        assertEquals(60, submitted.cooldownMinutes());
        assertTrue(submitted.enabled());
        assertEquals(List.of("setPolicy 4 by alice"), retrainings.calls);
        String out = console.out();
        assertTrue(out.startsWith("Retraining policy of bolts (4)\n"), out);
        assertTrue(out.contains("  gate       f1 at most 0.02 below the version it replaces\n"), out);
        assertTrue(out.contains("  cooldown   60 min between retrainings\n"), out);
    }

    @Test
    void policySetRefusesBadInputWithOneClearLine() throws Exception {
        List<List<String>> attempts = List.of(
                List.of("parts-ok"),
                List.of("--rule", "drift", "parts-ok"),
                List.of("--rule", "4", "--max-score", "lots", "parts-ok"),
                List.of("--rule", "4", "--max-score", "1.5", "parts-ok"),
                List.of("--rule", "4", "--max-items", "0", "parts-ok"),
                List.of("--rule", "4", "--cooldown", "soon", "parts-ok"),
                List.of("--rule", "4", "--gate-min", "0.8", "parts-ok"),
                List.of("--rule", "4", "--gate-metric", "accuracy", "parts-ok"),
                List.of("--rule", "4", "--source", "../etc", "parts-ok"),
                List.of("--rule", "4", "nope"));
        for (List<String> args : attempts) {
            console.run(with(new RetrainingPolicySetCommand()), args.toArray(String[]::new));
        }
        assertEquals(List.of(
                "Error: --rule is required: the alert rule (id) whose alerts start a retraining; repeat it for several",
                "Error: alert rule id must be a number; was 'drift'",
                "Error: --max-score must be a number such as 0.05; was 'lots'",
                "Error: --max-score must be between 0.0 and 1.0, was 1.5",
                "Error: --max-items must be between 1 and 100000, was 0",
                "Error: --cooldown must be a whole number; was 'soon'",
                "Error: --gate-min and --gate-max-drop need --gate-metric (such as accuracy)",
                "Error: --gate-metric needs --gate-min, --gate-max-drop or both",
                "Error: --source may contain only letters, digits, '.', '-' and '_' and must start with a letter or "
                        + "digit",
                "Error: stream 'nope' does not exist"), console.errors());
        assertEquals(List.of(), retrainings.calls);
        assertEquals("", console.out());

        retrainings.refusal = new InvalidInputException("rule 'offline cameras' watches EDGE_OFFLINE; only DRIFT, "
                + "LOW_CONFIDENCE_RATE and FAILURE_RATE rules trigger retraining");
        console.run(with(new RetrainingPolicySetCommand()), "--rule", "3", "parts-ok");
        assertEquals("Error: rule 'offline cameras' watches EDGE_OFFLINE; only DRIFT, LOW_CONFIDENCE_RATE and "
                + "FAILURE_RATE rules trigger retraining", console.errors().get(console.errors().size() - 1));
        assertEquals(List.of("setPolicy 3 by alice"), retrainings.calls);
        assertEquals("", console.out());
    }

    @Test
    void aPolicyIsClearedOnlyWhenTheStreamNameIsTyped() throws Exception {
        retrainings.policies.put(3L, new RetrainingPolicy(null, List.of(4L), null, null, null, null, null, null, null,
                null, null));
        runTyping(with(new RetrainingPolicyClearCommand()), "parts", "parts-ok");
        assertEquals(List.of("policy 3"), retrainings.calls, "a wrong name clears nothing");
        assertEquals(List.of("Type parts-ok to confirm: "), prompts);
        assertTrue(console.out().contains("The retraining policy of stream parts-ok (3) will be removed; retrainings "
                + "under way go on."), console.out());
        assertTrue(console.err().contains("Not confirmed"), console.err());

        runTyping(with(new RetrainingPolicyClearCommand()), "parts-ok", "3");
        assertEquals(List.of("policy 3", "policy 3", "clearPolicy 3 by alice"), retrainings.calls);
        assertTrue(console.out().endsWith("Retraining policy of parts-ok (3) removed\n"), console.out());
        assertFalse(retrainings.policies.containsKey(3L));

        console.reset();
        runTyping(with(new RetrainingPolicyClearCommand()), null, "--force", "parts-ok");
        assertEquals("Stream parts-ok (3) has no retraining policy\n", console.out());
        assertEquals(2, prompts.size(), "nothing to clear, nothing asked");
        assertEquals(1, retrainings.calls.stream().filter(call -> call.startsWith("clearPolicy")).count());
    }

    @Test
    void aPolicyIsClearedWithoutAskingWhenForced() throws Exception {
        retrainings.policies.put(4L, new RetrainingPolicy(null, List.of(5L), null, null, null, null, null, null, null,
                null, null));
        runTyping(with(new RetrainingPolicyClearCommand()), null, "-f", "bolts");
        assertEquals(List.of(), prompts);
        assertEquals(List.of("policy 4", "clearPolicy 4 by alice"), retrainings.calls);
        assertEquals("Retraining policy of bolts (4) removed\n", console.out());
    }

    @Test
    void startPassesTheRuleAndSaysWhereTheRetrainingStands() throws Exception {
        String started = console.run(with(new RetrainingStartCommand()), "--rule", "5", "parts-ok");
        assertEquals("Retraining 9 of parts-ok (3) started: IMPORTING, started by alice; importing the samples of "
                + "parts-ok:v1.5\n"
                + "fleet:retraining-show 9 shows where it stands\n", started);
        console.run(with(new RetrainingStartCommand()), "4");
        assertEquals(List.of("start 3 rule 5 by alice", "start 4 rule null by alice"), retrainings.calls);

        retrainings.refusal = new ConflictException("a retraining of 'parts-ok' is under way; stop it or wait until "
                + "it ends");
        console.run(with(new RetrainingStartCommand()), "parts-ok");
        console.run(with(new RetrainingStartCommand()), "--rule", "x", "parts-ok");
        console.run(with(new RetrainingStartCommand()), "gears");
        assertEquals(List.of("Error: a retraining of 'parts-ok' is under way; stop it or wait until it ends",
                "Error: alert rule id must be a number; was 'x'", "Error: stream 'gears' does not exist"),
                console.errors());
        assertEquals(3, retrainings.calls.size());
    }

    @Test
    void listShowsStateTriggerAndWhichModelReplacesWhich() throws Exception {
        String listed = console.run(with(new RetrainingListCommand()));
        assertEquals(List.of("7", "parts-ok", "AWAITING_LABELS", "alert 21 of rule 'parts drift'", "parts-ok:v1.4 -> -",
                "2026-12-06T10:00:00Z", "imported 340 samples; waiting for relabeling"), ShellConsole.row(listed, "AWAITING_LABELS"));
        assertEquals(List.of("6", "parts-ok", "SUCCEEDED", "started by bob (as rule 'parts low')",
                "parts-ok:v1.3 -> parts-ok:v1.5", "2026-12-05T10:00:00Z", "rollout 8 succeeded"), ShellConsole.row(listed, "SUCCEEDED"));
        assertEquals(List.of("5", "bolts", "FAILED", "alert 19 of rule 'bolt failures'", "- -> version 13",
                "2026-12-05T09:00:00Z", "accuracy 0.71 is below 0.8"), ShellConsole.row(listed, "FAILED"));
        assertTrue(listed.endsWith("3 retrainings\n"), listed);
        assertEquals(List.of("list null 50"), retrainings.calls);
        assertEquals(List.of("getVersion 12", "getVersion 13"), modelLookups);
        console.reset();

        listed = console.run(with(new RetrainingListCommand()), "--stream", "bolts", "--limit", "10");
        assertFalse(listed.contains("parts-ok"), listed);
        assertTrue(listed.contains("FAILED"), listed);
        assertTrue(listed.endsWith("1 retrainings\n"), listed);
        assertEquals(List.of("list null 50", "list 4 10"), retrainings.calls);
        console.reset();

        retrainings.retrainings.clear();
        assertTrue(console.run(with(new RetrainingListCommand())).contains("no retrainings"));
        console.run(with(new RetrainingListCommand()), "--stream", "gears");
        console.run(with(new RetrainingListCommand()), "--limit", "many");
        console.run(with(new RetrainingListCommand()), "--limit", "0");
        assertEquals(List.of("Error: stream 'gears' does not exist", "Error: --limit must be a whole number; was 'many'",
                "Error: limit must be between 1 and 1000"), console.errors());
    }

    @Test
    void showHasTheFieldsAndEveryStep() throws Exception {
        String shown = console.run(with(new RetrainingShowCommand()), "6");
        assertTrue(shown.startsWith("Retraining 6 of parts-ok (3): SUCCEEDED\n"
                + "  trigger    started by bob (as rule 'parts low')\n"
                + "  message    rollout 8 succeeded\n"
                + "  filters    limit=5000, maxScore=0.4, model=parts-ok:v1.3\n"
                + "  import     job 28, 120 item(s) imported\n"
                + "  dataset    version id 11\n"
                + "  training   run id 44 (fleet:run-list parts-ok)\n"
                + "  model      parts-ok:v1.5 (id 12), replaces parts-ok:v1.3\n"
                + "  rollout    8 (fleet:rollout-show 8)\n"
                + "  started    2026-12-05T10:00:00Z by bob\n"
                + "  updated    2026-12-05T11:46:40Z\n"
                + "  finished   2026-12-05T11:46:40Z\n"
                + "\nSteps\n"), shown);
        assertFalse(shown.contains("  alert ") || shown.contains("  next "), shown);
        assertEquals(List.of("2026-12-05T10:00:00Z", "IMPORTING", "started by bob"), ShellConsole.row(shown, "| IMPORTING "));
        assertEquals(List.of("2026-12-05T10:06:40Z", "TRAINING", "imported 120 samples"), ShellConsole.row(shown, "| TRAINING "));
        assertEquals(List.of("2026-12-05T10:40:00Z", "ROLLING_OUT", "parts-ok:v1.5 passed the gate and was approved"),
                ShellConsole.row(shown, "| ROLLING_OUT "));
        assertEquals(List.of("2026-12-05T11:46:40Z", "SUCCEEDED", "rollout 8 succeeded"), ShellConsole.row(shown, "| SUCCEEDED "));
        assertEquals(4, shown.lines().dropWhile(line -> !line.equals("Steps")).filter(line -> line.startsWith("2026-"))
                .count(), "one row per step: " + shown);
        console.reset();

        shown = console.run(with(new RetrainingShowCommand()), "7");
        assertTrue(shown.startsWith("Retraining 7 of parts-ok (3): AWAITING_LABELS\n"
                + "  trigger    alert 21 of rule 'parts drift'\n"
                + "  alert      21 (fleet:alert-show 21)\n"), shown);
        assertTrue(shown.contains("  model      not trained yet; replaces parts-ok:v1.4\n"), shown);
        assertTrue(shown.contains("  next       relabel the imported samples, then fleet:retraining-continue 7\n"),
                shown);
        assertFalse(shown.contains("  finished") || shown.contains("  rollout"), shown);
        assertEquals(List.of("2026-12-06T10:01:00Z", "AWAITING_LABELS", "imported 340 samples; waiting for relabeling"),
                ShellConsole.row(shown, "10:01:00Z | AWAITING_LABELS"));
        console.reset();

        shown = console.run(with(new RetrainingShowCommand()), "5");
        assertTrue(shown.contains("  filters    -\n"), shown);
        assertTrue(shown.contains("  model      version 13 (id 13)\n"), shown);
        assertTrue(shown.contains("no steps"), shown);

        console.run(with(new RetrainingShowCommand()), "99");
        console.run(with(new RetrainingShowCommand()), "seven");
        assertEquals(List.of("Error: retraining 99 does not exist", "Error: retraining id must be a number; was 'seven'"),
                console.errors());
    }

    @Test
    void continueAndStopCallThroughAsTheCaller() throws Exception {
        console.run(with(new RetrainingContinueCommand()), "7");
        console.run(with(new RetrainingStopCommand()), "7");
        console.run(with(new RetrainingStopCommand()), "6");
        assertEquals(List.of("proceed 7 by alice", "stop 7 by alice", "stop 6 by alice"), retrainings.calls);
        assertEquals(List.of(
                "Retraining 7 (parts-ok) is now TRAINING: published dataset version 12; training run 45 queued",
                "Retraining 7 (parts-ok) is now STOPPED: stopped by alice while AWAITING_LABELS",
                "Retraining 6 (parts-ok) had already ended: SUCCEEDED"), console.out().lines().toList());

        console.run(with(new RetrainingContinueCommand()), "6");
        console.run(with(new RetrainingStopCommand()), "42");
        console.run(with(new RetrainingContinueCommand()), "last");
        assertEquals(List.of("Error: retraining 6 is SUCCEEDED; only one AWAITING_LABELS goes on when told",
                "Error: retraining 42 does not exist", "Error: retraining id must be a number; was 'last'"),
                console.errors());
        assertEquals(3, console.out().lines().count(), "refusals print nothing on stdout");
    }

    @Test
    void completerOffersRecentRetrainingsWithStreamAndState() {
        RetrainingCompleter completer = new RetrainingCompleter();
        completer.retrainings = retrainings;
        List<Candidate> candidates = new ArrayList<>();
        completer.completeCandidates(null, null, candidates);
        assertEquals(List.of("7", "6", "5"), candidates.stream().map(Candidate::value).toList());
        assertEquals(List.of("parts-ok AWAITING_LABELS", "parts-ok SUCCEEDED", "bolts FAILED"),
                candidates.stream().map(Candidate::descr).toList());
        assertEquals(List.of("list null " + RetrainingCompleter.RECENT), retrainings.calls);
    }
}
