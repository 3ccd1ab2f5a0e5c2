package io.modelfleet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.Page;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.alert.Alert;
import io.modelfleet.api.alert.AlertEvent;
import io.modelfleet.api.alert.AlertEventType;
import io.modelfleet.api.alert.AlertKind;
import io.modelfleet.api.alert.AlertRule;
import io.modelfleet.api.alert.AlertService;
import io.modelfleet.api.alert.AlertState;
import io.modelfleet.api.alert.ChannelTestResult;
import io.modelfleet.api.alert.ChannelType;
import io.modelfleet.api.alert.Delivery;
import io.modelfleet.api.alert.DeliveryStatus;
import io.modelfleet.api.alert.NewAlertRule;
import io.modelfleet.api.alert.NewNotificationChannel;
import io.modelfleet.api.alert.NotificationChannel;
import io.modelfleet.api.alert.Notifications;
import io.modelfleet.api.edge.ConnectionState;
import io.modelfleet.api.edge.DeviceInfo;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeQuery;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.FleetService;
import io.modelfleet.api.edge.InferenceStatus;

/** The alerting commands, parsed by Karaf's own preparator and run against an alert service that records calls. */
class AlertCommandsTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    private static final AlertRule OFFLINE = new AlertRule(3, "offline cameras", AlertKind.EDGE_OFFLINE, null, "site",
            "berlin", null, 0.0, 0.5, 15, 20, 60, true, List.of(1L), NOW, "alice", NOW, "alice");
    private static final AlertRule LOW = new AlertRule(4, "low confidence", AlertKind.LOW_CONFIDENCE_RATE, null, null,
            null, "defects:3", 10.0, 0.4, 30, 50, 0, false, List.of(1L, 2L), NOW, "bob", NOW.plusSeconds(60), "carol");
    private static final Alert CAMERA_OFFLINE = new Alert(5, 3, "offline cameras", AlertKind.EDGE_OFFLINE, "edge:7",
            "edge camera-1", AlertState.FIRING, 95, "edge camera-1 has not been seen for 95 minutes", NOW, null,
            NOW.plusSeconds(3600), null, null, null);
    private static final Alert LOW_RATE = new Alert(6, 4, "low confidence", AlertKind.LOW_CONFIDENCE_RATE,
            "model:defects:3", "model defects:3", AlertState.RESOLVED, 12.3456, "12.3% of 400 results scored below 0.4",
            NOW.minusSeconds(7200), NOW.minusSeconds(3600), NOW.minusSeconds(3600), null, null, null);
    private static final NotificationChannel SLACK = new NotificationChannel(1, "ops-slack", ChannelType.SLACK,
            "https://hooks.slack.com/services/T000/B000/XXXXSECRET", false, List.of(), true, NOW, "admin");
    private static final NotificationChannel MAIL = new NotificationChannel(2, "oncall-mail", ChannelType.EMAIL, null,
            false, List.of("oncall@example.com", "lead@example.com"), true, NOW, "admin");

    @RegisterExtension
    final ShellConsole console = new ShellConsole();

    private final FakeAlerts alerts = new FakeAlerts();
    private final List<String> prompts = new ArrayList<>();

    /** Rules, alerts and channels in memory; records each call and what was submitted. */
    private static final class FakeAlerts implements AlertService {
        final List<String> calls = new ArrayList<>();
        final List<AlertRule> rules = new ArrayList<>(List.of(OFFLINE, LOW));
        final List<Alert> alerts = new ArrayList<>(List.of(CAMERA_OFFLINE, LOW_RATE));
        final List<NotificationChannel> channels = new ArrayList<>(List.of(SLACK, MAIL));
        List<AlertEvent> events = List.of();
        List<Delivery> deliveries = List.of();
        long deliveriesTotal = -1;
        ChannelTestResult testResult = new ChannelTestResult(true, 200, null);
        NewAlertRule submittedRule;
        NewNotificationChannel submittedChannel;
        RuntimeException refusal;

        @Override
        public List<AlertRule> rules() {
            return rules;
        }

        @Override
        public AlertRule rule(long id) {
            return rules.stream().filter(r -> r.id() == id).findFirst()
                    .orElseThrow(() -> new NotFoundException("alert rule " + id + " does not exist"));
        }

        @Override
        public AlertRule createRule(NewAlertRule rule, String actor) {
            calls.add("createRule by " + actor);
            submittedRule = rule;
            return stored(10, rule, actor);
        }

        @Override
        public AlertRule updateRule(long id, NewAlertRule rule, String actor) {
            calls.add("updateRule " + id + " by " + actor);
            submittedRule = rule;
            return stored(id, rule, actor);
        }

        @Override
        public void deleteRule(long id, String actor) {
            calls.add("deleteRule " + id + " by " + actor);
        }

        @Override
        public Page<Alert> alerts(Boolean open, Long ruleId, PageRequest page) {
            calls.add("alerts " + open + " " + ruleId + " " + page.limit());
            List<Alert> matches = alerts.stream()
                    .filter(a -> open == null || open == (a.state() != AlertState.RESOLVED))
                    .filter(a -> ruleId == null || a.ruleId() == ruleId).toList();
            return new Page<>(matches.stream().limit(page.limit()).toList(), matches.size(), page.limit(), 0);
        }

        @Override
        public Alert alert(long id) {
            return alerts.stream().filter(a -> a.id() == id).findFirst()
                    .orElseThrow(() -> new NotFoundException("alert " + id + " does not exist"));
        }

        @Override
        public List<AlertEvent> events(long alertId) {
            return events;
        }

        @Override
        public Alert acknowledge(long id, String actor) {
            calls.add("acknowledge " + id + " by " + actor);
            refuse();
            Alert a = alert(id);
            return new Alert(a.id(), a.ruleId(), a.ruleName(), a.kind(), a.subject(), a.subjectLabel(),
                    AlertState.ACKNOWLEDGED, a.value(), a.message(), a.firedAt(), null, a.lastNotifiedAt(), null,
                    actor, NOW);
        }

        @Override
        public Alert silenceFor(long id, java.time.Duration duration, String actor) {
            calls.add("silence " + id + " for " + duration + " by " + actor);
            refuse();
            Alert a = alert(id);
            return new Alert(a.id(), a.ruleId(), a.ruleName(), a.kind(), a.subject(), a.subjectLabel(),
                    AlertState.SILENCED, a.value(), a.message(), a.firedAt(), null, a.lastNotifiedAt(),
                    NOW.plus(duration), null, null);
        }

        @Override
        public Alert silence(long id, Instant until, String actor) {
            calls.add("silence " + id + " until " + until + " by " + actor);
            refuse();
            Alert a = alert(id);
            return new Alert(a.id(), a.ruleId(), a.ruleName(), a.kind(), a.subject(), a.subjectLabel(),
                    AlertState.SILENCED, a.value(), a.message(), a.firedAt(), null, a.lastNotifiedAt(), until, null,
                    null);
        }

        @Override
        public List<NotificationChannel> channels() {
            return channels;
        }

        @Override
        public NotificationChannel channel(long id) {
            return channels.stream().filter(c -> c.id() == id).findFirst()
                    .orElseThrow(() -> new NotFoundException("channel " + id + " does not exist"));
        }

        @Override
        public NotificationChannel createChannel(NewNotificationChannel channel, String actor) {
            calls.add("createChannel by " + actor);
            submittedChannel = channel;
            return new NotificationChannel(9, channel.name(), channel.type(), channel.url(), channel.secret() != null,
                    channel.recipients(), channel.enabled(), NOW, actor);
        }

        @Override
        public void deleteChannel(long id, String actor) {
            calls.add("deleteChannel " + id + " by " + actor);
        }

        @Override
        public ChannelTestResult testChannel(long id, String actor) {
            calls.add("testChannel " + id + " by " + actor);
            return testResult;
        }

        @Override
        public Page<Delivery> deliveries(Long channelId, Long alertId, PageRequest page) {
            calls.add("deliveries " + channelId + " " + alertId + " " + page.limit());
            return new Page<>(deliveries, deliveriesTotal < 0 ? deliveries.size() : deliveriesTotal, page.limit(), 0);
        }

        @Override
        public Notifications notifications(String username, int limit) {
            throw new UnsupportedOperationException("notifications");
        }

        @Override
        public void markNotificationsRead(String username, long lastEventId) {
            throw new UnsupportedOperationException("markNotificationsRead");
        }

        private void refuse() {
            if (refusal != null) {
                throw refusal;
            }
        }

        private static AlertRule stored(long id, NewAlertRule rule, String actor) {
            return new AlertRule(id, rule.name(), rule.kind(), rule.edgeId(), rule.tagKey(), rule.tagValue(),
                    rule.modelVersion(), rule.threshold(), rule.scoreBelow(), rule.windowMinutes(), rule.minResults(),
                    rule.renotifyMinutes(), rule.enabled(), rule.channelIds(), NOW, actor, NOW, actor);
        }
    }

    private static final Edge CAMERA = new Edge(7, "camera-1", null, null, Map.of(), EdgeState.APPROVED,
            ConnectionState.ONLINE, InferenceStatus.READY, DeviceInfo.UNKNOWN, null, NOW, NOW, NOW, "admin", "admin",
            "edge-agent");

    private final FleetService fleet = (FleetService) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] { FleetService.class }, (proxy, method, args) -> switch (method.getName()) {
                case "getEdge" -> {
                    if ((long) args[0] != CAMERA.id()) {
                        throw new NotFoundException("edge " + args[0] + " does not exist");
                    }
                    yield CAMERA;
                }
                case "listEdges" -> {
                    EdgeQuery query = (EdgeQuery) args[0];
                    List<Edge> matches = CAMERA.name().contains(query.search()) ? List.of(CAMERA) : List.of();
                    yield new Page<>(matches, matches.size(), query.page().limit(), query.page().offset());
                }
                default -> throw new UnsupportedOperationException(method.getName());
            });


    private void runTyping(FleetAction command, String typed, String... args) throws Exception {
        ShellConsole.runTyping(command, typed, prompts, args);
    }

    /** The command wired to the fake services. */
    private <T extends FleetAction> T with(T command) {
        if (command instanceof AlertListCommand c) {
            c.alerts = alerts;
        } else if (command instanceof AlertShowCommand c) {
            c.alerts = alerts;
        } else if (command instanceof AlertAckCommand c) {
            c.alerts = alerts;
        } else if (command instanceof AlertSilenceCommand c) {
            c.alerts = alerts;
        } else if (command instanceof AlertRuleListCommand c) {
            c.alerts = alerts;
        } else if (command instanceof AlertRuleShowCommand c) {
            c.alerts = alerts;
        } else if (command instanceof AlertRuleCreateCommand c) {
            c.alerts = alerts;
            c.fleet = fleet;
        } else if (command instanceof AlertRuleSwitchAction c) {
            c.alerts = alerts;
        } else if (command instanceof AlertRuleDeleteCommand c) {
            c.alerts = alerts;
        } else if (command instanceof ChannelListCommand c) {
            c.alerts = alerts;
        } else if (command instanceof ChannelCreateCommand c) {
            c.alerts = alerts;
        } else if (command instanceof ChannelTestCommand c) {
            c.alerts = alerts;
        } else if (command instanceof ChannelDeleteCommand c) {
            c.alerts = alerts;
        } else if (command instanceof DeliveryListCommand c) {
            c.alerts = alerts;
        } else {
            throw new IllegalArgumentException(command.getClass().getName());
        }
        return command;
    }

    @Test
    void alertListShowsOpenAlertsUnlessAll() throws Exception {
        String listed = console.run(with(new AlertListCommand()));
        assertEquals(List.of("5", "FIRING", "offline cameras (3)", "edge camera-1", "95 min", "2026-12-06T10:00:00Z",
                "2026-12-06T11:00:00Z"), ShellConsole.row(listed, "camera-1"));
        assertFalse(listed.contains("defects:3"), "resolved alerts only with --all: " + listed);
        assertTrue(listed.endsWith("1 of 1 open alerts" + System.lineSeparator()), listed);
        console.reset();

        listed = console.run(with(new AlertListCommand()), "--all", "--rule", "4", "--limit", "10");
        assertEquals(List.of("6", "RESOLVED", "low confidence (4)", "model defects:3", "12.35%",
                "2026-12-06T08:00:00Z", "2026-12-06T09:00:00Z"), ShellConsole.row(listed, "defects:3"));
        assertTrue(listed.endsWith("1 of 1 alerts" + System.lineSeparator()), listed);
        assertEquals(List.of("alerts true null 50", "alerts null 4 10"), alerts.calls);
    }

    @Test
    void alertListSaysWhenNothingIsOpenAndRefusesABadRule() throws Exception {
        alerts.alerts.remove(CAMERA_OFFLINE);
        assertTrue(console.run(with(new AlertListCommand())).contains("no open alerts"));
        console.run(with(new AlertListCommand()), "--rule", "offline");
        console.run(with(new AlertListCommand()), "--limit", "0");
        assertEquals(List.of("Error: alert rule id must be a number; was 'offline'",
                "Error: limit must be between 1 and 1000, was 0"), console.errors());
    }

    @Test
    void alertShowHasTheFieldsTheEventsAndTheDeliveries() throws Exception {
        alerts.alerts.set(0, new Alert(5, 3, "offline cameras", AlertKind.EDGE_OFFLINE, "edge:7", "edge camera-1",
                AlertState.ACKNOWLEDGED, 95, "edge camera-1 has not been seen for 95 minutes", NOW, null,
                NOW.plusSeconds(3600), null, "bob", NOW.plusSeconds(3700)));
        alerts.events = List.of(
                new AlertEvent(20, 5, 3, "offline cameras", "edge camera-1", AlertEventType.FIRED,
                        "edge camera-1 has not been seen for 95 minutes", null, NOW),
                new AlertEvent(21, 5, 3, "offline cameras", "edge camera-1", AlertEventType.ACKNOWLEDGED, null, "bob",
                        NOW.plusSeconds(3700)));
        alerts.deliveries = List.of(
                new Delivery(30, 20, 5, AlertEventType.FIRED, 1, "ops-slack", DeliveryStatus.DELIVERED, 1,
                        NOW, 200, null, NOW, NOW),
                new Delivery(31, 20, 5, AlertEventType.FIRED, 2, "oncall-mail", DeliveryStatus.PENDING, 2,
                        NOW.plusSeconds(180), null, "connection refused", NOW, null));
        alerts.deliveriesTotal = 75;
        String shown = console.run(with(new AlertShowCommand()), "5");
        assertTrue(shown.startsWith("Alert 5: ACKNOWLEDGED\n"
                + "  rule         offline cameras (3), EDGE_OFFLINE\n"
                + "  subject      edge camera-1 (edge:7)\n"
                + "  value        95 min\n"
                + "  message      edge camera-1 has not been seen for 95 minutes\n"
                + "  fired        2026-12-06T10:00:00Z\n"
                + "  notified     2026-12-06T11:00:00Z\n"
                + "  acknowledged 2026-12-06T11:01:40Z by bob\n"), shown);
        assertFalse(shown.contains("silenced") || shown.contains("resolved"), shown);
        assertEquals(List.of("2026-12-06T10:00:00Z", "FIRED", "-", "edge camera-1 has not been seen for 95 minutes"),
                ShellConsole.row(shown, "10:00:00Z | FIRED"));
        assertEquals(List.of("2026-12-06T11:01:40Z", "ACKNOWLEDGED", "bob", "-"), ShellConsole.row(shown, "| ACKNOWLEDGED |"));
        assertEquals(List.of("30", "FIRED", "ops-slack (1)", "DELIVERED", "1", "200", "-", "-"),
                ShellConsole.row(shown, "ops-slack"));
        assertEquals(List.of("31", "FIRED", "oncall-mail (2)", "PENDING", "2", "-", "connection refused",
                "2026-12-06T10:03:00Z"), ShellConsole.row(shown, "oncall-mail"));
        assertTrue(shown.endsWith("the newest 2 of 75 deliveries; fleet:delivery-list --alert 5 --limit N lists more\n"),
                shown);
        assertEquals(List.of("deliveries null 5 50"), alerts.calls);

        console.run(with(new AlertShowCommand()), "99");
        console.run(with(new AlertShowCommand()), "five");
        assertEquals(List.of("Error: alert 99 does not exist", "Error: alert id must be a number; was 'five'"),
                console.errors());
    }

    @Test
    void ackAndSilenceAreDoneAsTheCallerAndSayWhereTheAlertStands() throws Exception {
        console.run(with(new AlertAckCommand()), "5");
        console.run(with(new AlertSilenceCommand()), "--minutes", "90", "5");
        console.run(with(new AlertSilenceCommand()), "--until", "2026-12-07T08:00:00Z", "5");
        assertEquals(List.of("acknowledge 5 by alice", "silence 5 for PT1H30M by alice",
                "silence 5 until 2026-12-07T08:00:00Z by alice"), alerts.calls);
        assertEquals(List.of("Alert 5 (offline cameras, edge camera-1) is now ACKNOWLEDGED by alice",
                "Alert 5 (offline cameras, edge camera-1) is now SILENCED until 2026-12-06T11:30:00Z",
                "Alert 5 (offline cameras, edge camera-1) is now SILENCED until 2026-12-07T08:00:00Z"),
                console.out().lines().toList());
    }

    @Test
    void silenceNeedsExactlyOneValidEnd() throws Exception {
        console.run(with(new AlertSilenceCommand()), "5");
        console.run(with(new AlertSilenceCommand()), "--minutes", "10", "--until", "2026-12-07T08:00:00Z", "5");
        console.run(with(new AlertSilenceCommand()), "--minutes", "0", "5");
        console.run(with(new AlertSilenceCommand()), "--minutes", "ten", "5");
        console.run(with(new AlertSilenceCommand()), "--until", "tomorrow", "5");
        assertEquals(List.of("Error: say how long: --minutes N or --until <instant>",
                "Error: give --minutes or --until, not both",
                "Error: --minutes must be at least 1; was 0",
                "Error: --minutes must be a whole number; was 'ten'",
                "Error: --until must be an ISO-8601 instant such as 2026-12-06T18:00:00Z; was 'tomorrow'"),
                console.errors());
        assertEquals(List.of(), alerts.calls);
    }

    @Test
    void aRefusedAckIsOneLine() throws Exception {
        alerts.refusal = new ConflictException("alert 6 is RESOLVED; only FIRING or SILENCED alerts can be acknowledged");
        console.run(with(new AlertAckCommand()), "6");
        assertEquals(List.of("Error: alert 6 is RESOLVED; only FIRING or SILENCED alerts can be acknowledged"),
                console.errors());
        assertEquals("", console.out());
    }

    @Test
    void ruleListAndShowSayWhatEachRuleWatchesAndTells() throws Exception {
        String listed = console.run(with(new AlertRuleListCommand()));
        assertEquals(List.of("3", "offline cameras", "EDGE_OFFLINE", "edges tagged site=berlin",
                "not seen for over 15 min", "every 60 min", "yes", "ops-slack (1)"), ShellConsole.row(listed, "offline cameras"));
        assertEquals(List.of("4", "low confidence", "LOW_CONFIDENCE_RATE", "model defects:3",
                "over 10% of results score below 0.4 in 30 min (at least 50 results)", "never", "no",
                "ops-slack (1), oncall-mail (2)"), ShellConsole.row(listed, "low confidence"));
        console.reset();

        String shown = console.run(with(new AlertRuleShowCommand()), "3");
        assertEquals("Alert rule 3: offline cameras\n"
                + "  kind         EDGE_OFFLINE\n"
                + "  scope        edges tagged site=berlin\n"
                + "  fires when   not seen for over 15 min\n"
                + "  reminds      every 60 min\n"
                + "  channels     ops-slack (1)\n"
                + "  open alerts  1 (fleet:alert-list --rule 3)\n"
                + "  created      2026-12-06T10:00:00Z by alice\n"
                + "  updated      2026-12-06T10:00:00Z by alice\n", shown);
        console.reset();
        alerts.channels.remove(MAIL);
        shown = console.run(with(new AlertRuleShowCommand()), "4");
        assertTrue(shown.startsWith("Alert rule 4: low confidence (disabled)\n"), shown);
        assertTrue(shown.contains("  channels     ops-slack (1), channel 2\n"), "a deleted channel stays an id: " + shown);
        assertTrue(shown.contains("  open alerts  none\n"), shown);
    }

    @Test
    void ruleCreatePassesEveryOptionToTheService() throws Exception {
        String created = console.run(with(new AlertRuleCreateCommand()), "--kind", "failure_rate", "--edge",
                "camera-1", "--threshold", "5", "--window", "120", "--min-results", "40", "--renotify", "0",
                "--disabled", "--channel", "1", "--channel", "2", "line 3 failures");
        assertEquals(new NewAlertRule("line 3 failures", AlertKind.FAILURE_RATE, 7L, null, null, null, 5.0, null, 120,
                40L, 0, false, List.of(1L, 2L)), alerts.submittedRule);
        assertEquals(List.of("createRule by alice"), alerts.calls);
        assertTrue(created.startsWith("Alert rule 10: line 3 failures (disabled)\n"
                + "  kind         FAILURE_RATE\n"
                + "  scope        edge 7\n"
                + "  fires when   over 5% of inferences fail in 120 min (at least 40 inferences)\n"
                + "  reminds      never\n"
                + "  channels     ops-slack (1), oncall-mail (2)\n"), created);

        console.run(with(new AlertRuleCreateCommand()), "--kind", "EDGE_OFFLINE", "--tag", "site=berlin",
                "offline berlin");
        assertEquals(new NewAlertRule("offline berlin", AlertKind.EDGE_OFFLINE, null, "site", "berlin", null, null,
                null, null, null, null, null, List.of()), alerts.submittedRule);
        assertEquals(NewAlertRule.DEFAULT_WINDOW_MINUTES, alerts.submittedRule.windowMinutes(), "the API's default");
        assertTrue(alerts.submittedRule.enabled());

        console.run(with(new AlertRuleCreateCommand()), "--kind", "low_confidence_rate", "--model-version",
                "defects:3", "--threshold", "12.5", "--score-below", "0.35", "low defects");
        assertEquals(new NewAlertRule("low defects", AlertKind.LOW_CONFIDENCE_RATE, null, null, null, "defects:3",
                12.5, 0.35, null, null, null, null, null), alerts.submittedRule);
        assertEquals("", console.err());
    }

    @Test
    void ruleCreateOfAnEventKindWatchesTheFleetAndNeverReminds() throws Exception {
        String created = console.run(with(new AlertRuleCreateCommand()), "--kind", "rollout_failed", "--channel", "1",
                "failed rollouts");
        assertEquals(new NewAlertRule("failed rollouts", AlertKind.ROLLOUT_FAILED, null, null, null, null, null, null,
                null, null, null, null, List.of(1L)), alerts.submittedRule);
        assertEquals(60, alerts.submittedRule.windowMinutes(), "the API's default for the event kinds");
        assertTrue(created.startsWith("Alert rule 10: failed rollouts\n"
                + "  kind         ROLLOUT_FAILED\n"
                + "  scope        fleet\n"
                + "  fires when   a rollout ends FAILED or ROLLED_BACK (open for 60 min)\n"
                + "  reminds      never\n"
                + "  channels     ops-slack (1)\n"), created);
        console.reset();

        created = console.run(with(new AlertRuleCreateCommand()), "--kind", "TRAINING_SUCCEEDED", "--window", "240",
                "new models");
        assertEquals(240, alerts.submittedRule.windowMinutes());
        assertTrue(created.contains("  fires when   a training run SUCCEEDS and registers a model version to review "
                + "(open for 240 min)\n"), created);
        assertEquals(List.of("createRule by alice", "createRule by alice"), alerts.calls);
        assertEquals("", console.err());
    }

    @Test
    void ruleCreateRefusesBadInputWithOneClearLine() throws Exception {
        List<List<String>> attempts = List.of(
                List.of("no kind"),
                List.of("--kind", "cpu", "x"),
                List.of("--kind", "FAILURE_RATE", "x"),
                List.of("--kind", "FAILURE_RATE", "--threshold", "ten", "x"),
                List.of("--kind", "EDGE_OFFLINE", "--threshold", "5", "x"),
                List.of("--kind", "FAILURE_RATE", "--threshold", "5", "--score-below", "0.4", "x"),
                List.of("--kind", "LOW_CONFIDENCE_RATE", "--threshold", "5", "--score-below", "0.33", "x"),
                List.of("--kind", "EDGE_OFFLINE", "--tag", "site", "x"),
                List.of("--kind", "EDGE_OFFLINE", "--edge", "camera-9", "x"),
                List.of("--kind", "EDGE_OFFLINE", "--channel", "ops-slack", "x"),
                List.of("--kind", "EDGE_OFFLINE", "--window", "0", "x"),
                List.of("--kind", "TRAINING_FAILED", "--threshold", "5", "x"),
                List.of("--kind", "rollout_failed", "--edge", "camera-1", "x"),
                List.of("--kind", "TRAINING_SUCCEEDED", "--renotify", "30", "x"));
        for (List<String> args : attempts) {
            console.run(with(new AlertRuleCreateCommand()), args.toArray(String[]::new));
        }
        assertEquals(List.of(
                "Error: kind is required: EDGE_OFFLINE, LOW_CONFIDENCE_RATE, FAILURE_RATE, DRIFT, ROLLOUT_FAILED, "
                        + "TRAINING_FAILED or TRAINING_SUCCEEDED",
                "Error: --kind must be one of EDGE_OFFLINE, LOW_CONFIDENCE_RATE, FAILURE_RATE, DRIFT, ROLLOUT_FAILED, "
                        + "TRAINING_FAILED, TRAINING_SUCCEEDED; was 'cpu'",
                "Error: threshold (a percentage) is required for FAILURE_RATE",
                "Error: --threshold must be a number such as 0.05; was 'ten'",
                "Error: EDGE_OFFLINE fires when an edge is not seen for --window minutes; --threshold, --score-below "
                        + "and --min-results are for the rates",
                "Error: --score-below is for LOW_CONFIDENCE_RATE; FAILURE_RATE counts failed inferences",
                "Error: --score-below must be a multiple of 0.05 (the rollups' score bins), was 0.33",
                "Error: --tag must be key=value, such as site=berlin; was 'site'",
                "Error: no edge has the id or name 'camera-9'",
                "Error: channel id must be a number; was 'ops-slack'",
                "Error: --window must be between 1 and 10080, was 0",
                "Error: TRAINING_FAILED fires once for each occurrence and keeps its alert open for --window minutes; "
                        + "--threshold, --score-below and --min-results are for the rates",
                "Error: ROLLOUT_FAILED watches the whole fleet; --edge, --tag and --model-version are for the other "
                        + "kinds",
                "Error: TRAINING_SUCCEEDED tells each occurrence once; --renotify is for the kinds whose alerts fire "
                        + "while a condition holds"), console.errors());
        assertEquals(List.of(), alerts.calls);
    }

    @Test
    void disableAndEnableResubmitTheRuleWithOnlyTheFlagChanged() throws Exception {
        console.run(with(new AlertRuleDisableCommand()), "3");
        assertEquals(new NewAlertRule("offline cameras", AlertKind.EDGE_OFFLINE, null, "site", "berlin", null, 0.0,
                0.5, 15, 20L, 60, false, List.of(1L)), alerts.submittedRule);
        console.run(with(new AlertRuleEnableCommand()), "4");
        assertEquals(new NewAlertRule("low confidence", AlertKind.LOW_CONFIDENCE_RATE, null, null, null, "defects:3",
                10.0, 0.4, 30, 50L, 0, true, List.of(1L, 2L)), alerts.submittedRule);
        console.run(with(new AlertRuleEnableCommand()), "3");
        console.run(with(new AlertRuleDisableCommand()), "12");
        assertEquals(List.of("updateRule 3 by alice", "updateRule 4 by alice"), alerts.calls,
                "an already enabled rule is left alone");
        assertEquals(List.of("Alert rule 3 (offline cameras) disabled; its open alerts resolve at the next "
                + "evaluation, without notifications",
                "Alert rule 4 (low confidence) enabled; it is evaluated again from the next round",
                "Alert rule 3 (offline cameras) is already enabled"), console.out().lines().toList());
        assertEquals(List.of("Error: alert rule 12 does not exist"), console.errors());
    }

    @Test
    void aRuleIsDeletedOnlyWhenItsNameIsTyped() throws Exception {
        runTyping(with(new AlertRuleDeleteCommand()), "offline", "3");
        assertEquals(List.of(), alerts.calls, "a wrong name deletes nothing");
        assertEquals(List.of("Type offline cameras to confirm: "), prompts);
        assertTrue(console.err().contains("Not confirmed: nothing was deleted"), console.err());
        assertTrue(console.out().contains("Alert rule 3 (offline cameras) will be deleted with its alerts"),
                console.out());

        runTyping(with(new AlertRuleDeleteCommand()), "offline cameras", "3");
        runTyping(with(new AlertRuleDeleteCommand()), null, "--force", "4");
        assertEquals(List.of("deleteRule 3 by alice", "deleteRule 4 by alice"), alerts.calls);
        assertEquals(2, prompts.size(), "--force asks nothing");
        assertTrue(console.out().contains("Alert rule 4 (low confidence) deleted"), console.out());
    }

    @Test
    void channelListShowsWebhooksOnlyUpToTheirHost() throws Exception {
        alerts.channels.add(new NotificationChannel(3, "hook", ChannelType.WEBHOOK, "http://10.0.0.5:8080/alerts?k=1",
                true, List.of(), false, NOW, "admin"));
        String listed = console.run(with(new ChannelListCommand()));
        assertEquals(List.of("1", "ops-slack", "SLACK", "https://hooks.slack.com/...", "no", "yes",
                "admin 2026-12-06T10:00:00Z"), ShellConsole.row(listed, "ops-slack"));
        assertEquals(List.of("2", "oncall-mail", "EMAIL", "oncall@example.com, lead@example.com", "no", "yes",
                "admin 2026-12-06T10:00:00Z"), ShellConsole.row(listed, "oncall-mail"));
        assertEquals(List.of("3", "hook", "WEBHOOK", "http://10.0.0.5:8080/...", "yes", "no",
                "admin 2026-12-06T10:00:00Z"), ShellConsole.row(listed, "| hook "));
        assertFalse(listed.contains("SECRET"), listed);
    }

    @Test
    void channelCreateTakesUrlSecretOrRecipients() throws Exception {
        String created = console.run(with(new ChannelCreateCommand()), "--type", "webhook", "--url",
                "https://ops.example.com/hooks/modelfleet", "--secret", "0123456789abcdef", "ops-hook");
        assertEquals(new NewNotificationChannel("ops-hook", ChannelType.WEBHOOK,
                "https://ops.example.com/hooks/modelfleet", "0123456789abcdef", null, null), alerts.submittedChannel);
        assertEquals(List.of("Channel 9 (ops-hook) created: WEBHOOK to https://ops.example.com/..., signed",
                "Send it a test message with fleet:channel-test 9"), created.lines().toList());
        console.run(with(new ChannelCreateCommand()), "--type", "EMAIL", "--recipient", "a@example.com",
                "--recipient", "b@example.com", "oncall");
        assertEquals(List.of("a@example.com", "b@example.com"), alerts.submittedChannel.recipients());
        assertEquals(List.of("createChannel by alice", "createChannel by alice"), alerts.calls);

        console.run(with(new ChannelCreateCommand()), "--url", "https://x.example.com", "no-type");
        console.run(with(new ChannelCreateCommand()), "--type", "pager", "x");
        console.run(with(new ChannelCreateCommand()), "--type", "EMAIL", "--url", "https://x.example.com", "x");
        console.run(with(new ChannelCreateCommand()), "--type", "SLACK", "--url", "hooks.slack.com/x", "x");
        console.run(with(new ChannelCreateCommand()), "--type", "WEBHOOK", "--url", "https://x.example.com",
                "--secret", "short", "x");
        assertEquals(List.of("Error: type is required: WEBHOOK, TEAMS, SLACK or EMAIL",
                "Error: --type must be one of WEBHOOK, TEAMS, SLACK, EMAIL; was 'pager'",
                "Error: an EMAIL channel takes recipients, not a url or secret",
                "Error: --url must be an http or https URL with a host",
                "Error: --secret must be at least 16 characters"), console.errors());
        assertEquals(2, alerts.calls.size());
    }

    @Test
    void channelTestSaysDeliveredOrTheErrorAndStatus() throws Exception {
        console.run(with(new ChannelTestCommand()), "1");
        assertEquals("Channel 1 (ops-slack): test message delivered (HTTP 200)" + System.lineSeparator(),
                console.out());
        alerts.testResult = new ChannelTestResult(false, 404, "no_service");
        console.run(with(new ChannelTestCommand()), "1");
        alerts.testResult = new ChannelTestResult(false, null, "SMTP server refused the connection");
        console.run(with(new ChannelTestCommand()), "2");
        console.run(with(new ChannelTestCommand()), "8");
        assertEquals(List.of("Error: Channel 1 (ops-slack): test message not delivered (HTTP 404): no_service",
                "Error: Channel 2 (oncall-mail): test message not delivered: SMTP server refused the connection",
                "Error: channel 8 does not exist"), console.errors());
        assertEquals(List.of("testChannel 1 by alice", "testChannel 1 by alice", "testChannel 2 by alice"),
                alerts.calls);
    }

    @Test
    void aChannelIsDeletedOnlyWhenItsNameIsTypedAndTheRulesUsingItAreNamed() throws Exception {
        runTyping(with(new ChannelDeleteCommand()), "ops", "1");
        assertEquals(List.of(), alerts.calls);
        assertTrue(console.out().contains("Channel 1 (ops-slack) will be deleted with its delivery log; 2 alert "
                + "rule(s) stop sending to it."), console.out());
        runTyping(with(new ChannelDeleteCommand()), "ops-slack", "1");
        runTyping(with(new ChannelDeleteCommand()), null, "-f", "2");
        assertEquals(List.of("deleteChannel 1 by alice", "deleteChannel 2 by alice"), alerts.calls);
        assertEquals(List.of("Type ops-slack to confirm: ", "Type ops-slack to confirm: "), prompts, "-f asks nothing");
        assertTrue(console.out().contains("Channel 2 (oncall-mail) deleted"), console.out());
    }

    @Test
    void deliveryListFiltersByChannelAndAlert() throws Exception {
        alerts.deliveries = List.of(
                new Delivery(31, 20, 5, AlertEventType.FIRED, 2, "oncall-mail", DeliveryStatus.FAILED, 5, NOW, null,
                        "SMTP server refused the connection", NOW, null),
                new Delivery(32, 22, 5, AlertEventType.REMINDED, 1, "ops-slack", DeliveryStatus.PENDING, 1,
                        NOW.plusSeconds(60), 503, "HTTP 503", NOW, null));
        String listed = console.run(with(new DeliveryListCommand()), "--channel", "2", "--alert", "5", "--limit", "20");
        assertEquals(List.of("deliveries 2 5 20"), alerts.calls);
        assertEquals(List.of("31", "5", "FIRED", "oncall-mail (2)", "FAILED", "5", "-",
                "SMTP server refused the connection", "-"), ShellConsole.row(listed, "oncall-mail"));
        assertEquals(List.of("32", "5", "REMINDED", "ops-slack (1)", "PENDING", "1", "503", "HTTP 503",
                "2026-12-06T10:01:00Z"), ShellConsole.row(listed, "ops-slack"));
        assertTrue(listed.endsWith("2 of 2 deliveries" + System.lineSeparator()), listed);

        alerts.deliveries = List.of();
        console.reset();
        assertTrue(console.run(with(new DeliveryListCommand())).contains("no deliveries"));
        console.run(with(new DeliveryListCommand()), "--channel", "slack");
        assertEquals(List.of("Error: channel id must be a number; was 'slack'"), console.errors());
    }

    @Test
    void completersOfferOpenAlertsRulesAndChannelsWithWhatTheyAre() {
        AlertCompleter alertCompleter = new AlertCompleter();
        alertCompleter.alerts = alerts;
        List<Candidate> candidates = new ArrayList<>();
        alertCompleter.completeCandidates(null, null, candidates);
        assertEquals(List.of("5"), candidates.stream().map(Candidate::value).toList(), "open alerts only");
        assertEquals(List.of("offline cameras, edge camera-1 FIRING"), candidates.stream().map(Candidate::descr).toList());
        assertEquals(List.of("alerts true null " + AlertCompleter.RECENT), alerts.calls);

        AlertRuleCompleter ruleCompleter = new AlertRuleCompleter();
        ruleCompleter.alerts = alerts;
        candidates.clear();
        ruleCompleter.completeCandidates(null, null, candidates);
        assertEquals(List.of("3", "4"), candidates.stream().map(Candidate::value).toList());
        assertEquals(List.of("offline cameras EDGE_OFFLINE", "low confidence LOW_CONFIDENCE_RATE (disabled)"),
                candidates.stream().map(Candidate::descr).toList());

        ChannelCompleter channelCompleter = new ChannelCompleter();
        channelCompleter.alerts = alerts;
        candidates.clear();
        channelCompleter.completeCandidates(null, null, candidates);
        assertEquals(List.of("1", "2"), candidates.stream().map(Candidate::value).toList());
        assertEquals(List.of("ops-slack SLACK", "oncall-mail EMAIL"), candidates.stream().map(Candidate::descr).toList());
    }
}
