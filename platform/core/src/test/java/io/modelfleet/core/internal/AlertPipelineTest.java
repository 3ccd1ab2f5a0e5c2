package io.modelfleet.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.alert.Alert;
import io.modelfleet.api.alert.AlertEventType;
import io.modelfleet.api.alert.AlertKind;
import io.modelfleet.api.alert.AlertRule;
import io.modelfleet.api.alert.AlertState;
import io.modelfleet.api.alert.ChannelType;
import io.modelfleet.api.alert.DeliveryStatus;
import io.modelfleet.api.alert.NewAlertRule;
import io.modelfleet.api.alert.NewNotificationChannel;
import io.modelfleet.api.alert.NotificationChannel;
import io.modelfleet.api.edge.DeviceInfo;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.EnrollmentToken;
import io.modelfleet.api.inference.ReportedResult;
import io.modelfleet.persistence.NewEdgeRecord;
import io.modelfleet.persistence.internal.MyBatisAlertStore;
import io.modelfleet.persistence.internal.MyBatisSummaryStore;
import io.modelfleet.persistence.internal.MyBatisAuditStore;
import io.modelfleet.persistence.internal.MyBatisDatasetStore;
import io.modelfleet.persistence.internal.MyBatisModelStore;
import io.modelfleet.persistence.internal.MyBatisEdgeStore;
import io.modelfleet.persistence.internal.MyBatisInferenceStore;
import io.modelfleet.persistence.testing.TestDatabase;
import io.modelfleet.testkit.ConfigAnnotations;
import jakarta.mail.internet.MimeMessage;

/**
 * Alerting end to end on MariaDB: results reported by an edge fire a rule, a webhook receiver (HMAC checked) and an
 * SMTP server (GreenMail) each get one notification, the condition clearing is told once, and silencing,
 * acknowledging, reminders and retries behave.
 */
class AlertPipelineTest {
    private static final Instant START = Instant.parse("2026-12-06T10:00:10Z");
    private static final String SECRET = "a-webhook-secret-of-some-length";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestDatabase db;
    private GreenMail mail;
    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** How many of the next webhook requests answer 503. */
    private final AtomicInteger failNext = new AtomicInteger();
    private TestSupport.MovableClock clock;
    private MyBatisEdgeStore edges;
    private MyBatisInferenceStore inference;
    private MyBatisAlertStore store;
    private AlertServiceImpl alerts;
    private AlertEvaluator evaluator;
    private DriftServiceImpl drift;
    private DeliveryWorker worker;
    private final AtomicLong seq = new AtomicLong();
    private long edgeId;
    private NotificationChannel webhook;
    private NotificationChannel email;

    record Received(Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        db = TestDatabase.create();
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean fail = failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            if (!fail) {
                received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
            }
            byte[] answer = (fail ? "busy, try later" : "ok").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(fail ? 503 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        receiver.start();

        clock = new TestSupport.MovableClock(START);
        edges = new MyBatisEdgeStore(db.database());
        inference = new MyBatisInferenceStore(db.database());
        store = new MyBatisAlertStore(db.database());
        AlertConfiguration config = ConfigAnnotations.of(AlertConfiguration.class, Map.of("smtpHost", "127.0.0.1",
                "smtpPort", mail.getSmtp().getPort(), "smtpSecurity", "NONE", "smtpFrom", "alerts@modelfleet.test",
                "consoleUrl", "https://fleet.example.com/", "sendTimeoutSeconds", 5));
        ChannelSender sender = new ChannelSender(config);
        alerts = new AlertServiceImpl(store, edges, sender,
                TestSupport.audit(new MyBatisAuditStore(db.database()), clock), clock);
        drift = new DriftServiceImpl(new MyBatisModelStore(db.database()), new MyBatisDatasetStore(db.database()),
                inference, edges, clock);
        evaluator = new AlertEvaluator(store, inference, drift, clock, "server-a", Duration.ofSeconds(45));
        worker = new DeliveryWorker(store, new MyBatisSummaryStore(db.database()), sender, clock, "server-a", 3, Duration.ofSeconds(10), Duration.ofSeconds(5));

        EnrollmentToken token = edges.insertToken("t", null, 1, START.plusSeconds(60), "admin", START);
        edgeId = edges.insertEdge(new NewEdgeRecord("cam-7", "c".repeat(64), DeviceInfo.UNKNOWN, token.id(), START))
                .orElseThrow();
        edges.updateState(edgeId, EdgeState.APPROVED, "admin", START);
        webhook = alerts.createChannel(new NewNotificationChannel("ops-hook", ChannelType.WEBHOOK,
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", SECRET, null, null), "admin");
        email = alerts.createChannel(new NewNotificationChannel("ops-mail", ChannelType.EMAIL, null, null,
                List.of("oncall@example.com"), null), "admin");
    }

    @AfterEach
    void tearDown() throws Exception {
        evaluator.deactivate();
        worker.deactivate();
        receiver.stop(0);
        mail.stop();
        db.close();
    }

    private AlertRule lowConfidenceRule(int renotifyMinutes) {
        return alerts.createRule(new NewAlertRule("low confidence", AlertKind.LOW_CONFIDENCE_RATE, null, null, null,
                null, 20.0, 0.5, 5, 10L, renotifyMinutes, true, List.of(webhook.id(), email.id())), "alice");
    }

    /** The edge reports {@code count} results scored {@code score}, timed now. */
    private void report(int count, double score) {
        List<ReportedResult> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(new ReportedResult(seq.incrementAndGet(), clock.instant(), "v1", null, "defect", score, null,
                    3.0, null));
        }
        assertEquals(count, inference.insertResults(edgeId, batch, clock.instant()));
    }

    private void evaluateAndDeliver() {
        assertTrue(evaluator.evaluate(), "this server holds the evaluator's lease");
        while (worker.work() > 0) {
            // until nothing is due
        }
    }

    private Alert only(Boolean open) {
        List<Alert> items = alerts.alerts(open, null, PageRequest.of(null, null)).items();
        assertEquals(1, items.size(), "alerts: " + items);
        return items.get(0);
    }

    @Test
    void lowConfidenceFiresOnceToEveryChannelAndResolvesOnce() throws Exception {
        lowConfidenceRule(60);
        report(40, 0.9);
        evaluateAndDeliver();
        assertTrue(alerts.alerts(null, null, PageRequest.of(null, null)).items().isEmpty(), "all confident: no alert");

        report(30, 0.2); // 30 of 70 below 0.5: 42.9 % > 20 %
        evaluateAndDeliver();
        Alert firing = only(true);
        assertEquals(AlertState.FIRING, firing.state());
        assertEquals(100.0 * 30 / 70, firing.value(), 1e-9);
        assertEquals("fleet", firing.subject());
        assertEquals(1, received.size(), "one webhook delivery");
        Received hook = received.get(0);
        String timestamp = hook.header("X-ModelFleet-Timestamp");
        assertEquals("sha256=" + ChannelSender.sign(SECRET, Long.parseLong(timestamp), hook.body()),
                hook.header("X-ModelFleet-Signature"), "signed with the channel's secret over timestamp.body");
        assertFalse(("sha256=" + ChannelSender.sign("another-secret-entirely", Long.parseLong(timestamp), hook.body()))
                .equals(hook.header("X-ModelFleet-Signature")));
        JsonNode body = JSON.readTree(hook.body());
        assertEquals("FIRED", body.get("event").asText());
        assertEquals(firing.id(), body.get("alert").get("id").asLong());
        assertEquals("https://fleet.example.com/#/alerts/" + firing.id(), body.get("url").asText());
        assertTrue(body.get("message").asText().startsWith("42.9% of 70 results of the fleet scored below 0.5"),
                body.get("message").asText());
        assertTrue(mail.waitForIncomingEmail(5_000, 1));
        MimeMessage[] messages = mail.getReceivedMessages();
        assertEquals(1, messages.length, "one email");
        assertEquals("[ModelFleet] [FIRING] low confidence: the fleet", messages[0].getSubject());
        assertEquals("oncall@example.com", messages[0].getAllRecipients()[0].toString());
        assertTrue(String.valueOf(messages[0].getContent()).contains("42.9% of 70 results"));

        // the condition still holds: deduplicated, no reminder before an hour
        clock.advance(Duration.ofMinutes(1));
        report(10, 0.1);
        evaluateAndDeliver();
        assertEquals(1, received.size());
        assertEquals(1, mail.getReceivedMessages().length);
        assertEquals(firing.id(), only(true).id());

        // five confident minutes later the window holds only good results: RESOLVED, told once
        clock.advance(Duration.ofMinutes(6));
        report(50, 0.95);
        evaluateAndDeliver();
        evaluateAndDeliver();
        Alert resolved = only(false);
        assertEquals(AlertState.RESOLVED, resolved.state());
        assertEquals(2, received.size(), "FIRED and RESOLVED");
        assertEquals("RESOLVED", JSON.readTree(received.get(1).body()).get("event").asText());
        assertTrue(mail.waitForIncomingEmail(5_000, 2));
        assertEquals("[ModelFleet] [RESOLVED] low confidence: the fleet", mail.getReceivedMessages()[1].getSubject());
        assertEquals(List.of(AlertEventType.FIRED, AlertEventType.RESOLVED),
                alerts.events(resolved.id()).stream().map(e -> e.type()).toList());
        assertEquals(4, alerts.deliveries(null, resolved.id(), PageRequest.of(null, null)).items().stream()
                .filter(d -> d.status() == DeliveryStatus.DELIVERED).count());
    }

    @Test
    void remindersStopWhenAcknowledgedAndSilenceHoldsEverythingBack() throws Exception {
        lowConfidenceRule(10);
        report(20, 0.1);
        evaluateAndDeliver();
        long alertId = only(true).id();
        assertEquals(1, received.size());

        clock.advance(Duration.ofMinutes(10));
        report(20, 0.1);
        evaluateAndDeliver();
        assertEquals(2, received.size(), "reminded after renotifyMinutes");
        assertEquals("REMINDED", JSON.readTree(received.get(1).body()).get("event").asText());

        Alert silenced = alerts.silenceFor(alertId, Duration.ofMinutes(30), "bob");
        assertEquals(AlertState.SILENCED, silenced.state());
        assertEquals(clock.instant().plus(Duration.ofMinutes(30)), silenced.silencedUntil(), "30 minutes by the server's clock");
        clock.advance(Duration.ofMinutes(15));
        report(20, 0.1);
        evaluateAndDeliver();
        assertEquals(2, received.size(), "no reminder while silenced");

        clock.advance(Duration.ofMinutes(16)); // the silence ended and the condition holds: FIRING again
        report(20, 0.1);
        evaluateAndDeliver();
        assertEquals(3, received.size());
        assertTrue(JSON.readTree(received.get(2).body()).get("message").asText().startsWith("silence ended"));
        assertEquals(AlertState.FIRING, alerts.alert(alertId).state());

        Alert acknowledged = alerts.acknowledge(alertId, "bob");
        assertEquals(AlertState.ACKNOWLEDGED, acknowledged.state());
        assertEquals("bob", acknowledged.acknowledgedBy());
        assertThrows(ConflictException.class, () -> alerts.acknowledge(alertId, "bob"));
        clock.advance(Duration.ofMinutes(20));
        report(20, 0.1);
        evaluateAndDeliver();
        assertEquals(3, received.size(), "acknowledged: no reminders");

        clock.advance(Duration.ofMinutes(10)); // no results at all: fewer than minResults, the condition cleared
        evaluateAndDeliver();
        assertEquals(4, received.size(), "an acknowledged alert still tells that it resolved");
        assertEquals("RESOLVED", JSON.readTree(received.get(3).body()).get("event").asText());
        assertThrows(ConflictException.class, () -> alerts.silence(alertId, clock.instant().plusSeconds(60), "bob"));
    }

    @Test
    void aSilencedAlertResolvesQuietly() {
        lowConfidenceRule(60);
        report(20, 0.1);
        evaluateAndDeliver();
        long alertId = only(true).id();
        alerts.silence(alertId, clock.instant().plus(Duration.ofHours(2)), "bob");
        assertThrows(InvalidInputException.class, () -> alerts.silence(alertId, clock.instant().minusSeconds(1), "bob"));
        assertThrows(InvalidInputException.class, () -> alerts.silence(alertId, clock.instant().plus(Duration.ofDays(31)),
                "bob"));
        assertThrows(InvalidInputException.class, () -> alerts.silenceFor(alertId, Duration.ofSeconds(30), "bob"));
        assertThrows(InvalidInputException.class, () -> alerts.silenceFor(alertId, Duration.ofDays(400), "bob"));
        clock.advance(Duration.ofMinutes(10));
        evaluateAndDeliver();
        assertEquals(AlertState.RESOLVED, alerts.alert(alertId).state());
        assertEquals(1, received.size(), "only FIRED was sent");
    }

    @Test
    void aFailingWebhookIsRetriedWithBackoffAndItsFailuresAreVisible() {
        lowConfidenceRule(0);
        failNext.set(2);
        report(20, 0.1);
        evaluateAndDeliver();
        assertEquals(0, received.size());
        var delivery = alerts.deliveries(webhook.id(), null, PageRequest.of(null, null)).items().get(0);
        assertEquals(DeliveryStatus.PENDING, delivery.status());
        assertEquals(1, delivery.attempts());
        assertEquals(503, delivery.lastStatusCode());
        assertEquals("HTTP 503: busy, try later", delivery.lastError());
        assertEquals(clock.instant().plusSeconds(10), delivery.nextAttemptAt(), "first retry after retryBaseSeconds");

        clock.advance(Duration.ofSeconds(9));
        assertEquals(0, worker.work(), "not due yet");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, worker.work());
        delivery = alerts.deliveries(webhook.id(), null, PageRequest.of(null, null)).items().get(0);
        assertEquals(2, delivery.attempts());
        assertEquals(clock.instant().plusSeconds(30), delivery.nextAttemptAt(), "three times longer");

        clock.advance(Duration.ofSeconds(30));
        assertEquals(1, worker.work());
        delivery = alerts.deliveries(webhook.id(), null, PageRequest.of(null, null)).items().get(0);
        assertEquals(DeliveryStatus.DELIVERED, delivery.status());
        assertEquals(3, delivery.attempts());
        assertEquals(200, delivery.lastStatusCode());
        assertEquals(1, received.size(), "delivered once");
        assertEquals(Long.toString(delivery.id()), received.get(0).header("X-ModelFleet-Delivery"));

        // an endpoint that never answers well runs out of attempts (3 here)
        receiver.removeContext("/hook");
        clock.advance(Duration.ofMinutes(10));
        evaluateAndDeliver(); // resolves: a RESOLVED delivery to a path that is gone (404)
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(5));
            worker.work();
        }
        var failed = alerts.deliveries(webhook.id(), null, PageRequest.of(null, null)).items().get(0);
        assertEquals(AlertEventType.RESOLVED, failed.event());
        assertEquals(DeliveryStatus.FAILED, failed.status());
        assertEquals(3, failed.attempts());
        assertEquals(404, failed.lastStatusCode());
        assertNotNull(failed.lastError());
    }

    @Test
    void anEdgeOfflineLongerThanTheRuleSaysFiresPerEdgeAndOnlyOneServerEvaluates() {
        alerts.createRule(new NewAlertRule("offline", AlertKind.EDGE_OFFLINE, null, null, null, null, null, null, 10,
                null, 0, true, List.of(webhook.id())), "alice");
        edges.touchLastSeen(Map.of(edgeId, START));
        clock.advance(Duration.ofMinutes(9));
        evaluateAndDeliver();
        assertEquals(0, received.size(), "seen 9 minutes ago: online enough");
        clock.advance(Duration.ofMinutes(2));
        evaluateAndDeliver();
        Alert offline = only(true);
        assertEquals("edge:" + edgeId, offline.subject());
        assertEquals("edge cam-7", offline.subjectLabel());
        assertEquals(11, offline.value());
        assertEquals(1, received.size());

        AlertEvaluator other = new AlertEvaluator(store, inference, drift, clock, "server-b", Duration.ofSeconds(45));
        try {
            assertFalse(other.evaluate(), "server-a holds the lease");
            edges.touchLastSeen(Map.of(edgeId, clock.instant()));
            clock.advance(Duration.ofSeconds(46)); // server-a stopped renewing: server-b takes over and resolves
            assertTrue(other.evaluate());
            assertEquals(AlertState.RESOLVED, alerts.alert(offline.id()).state());
        } finally {
            other.deactivate();
        }
    }

    @Test
    void rulesAndChannelsRefuseWhatCannotWork() {
        assertThrows(InvalidInputException.class, () -> alerts.createRule(new NewAlertRule("r", AlertKind.EDGE_OFFLINE,
                null, null, null, null, null, null, 5, null, null, null, List.of(999L)), "alice"));
        assertThrows(InvalidInputException.class, () -> alerts.createRule(new NewAlertRule("r", AlertKind.EDGE_OFFLINE,
                424242L, null, null, null, null, null, 5, null, null, null, null), "alice"));
        assertThrows(InvalidInputException.class, () -> new NewAlertRule("r", AlertKind.LOW_CONFIDENCE_RATE, null, null,
                null, null, 20.0, 0.33, 5, null, null, null, null));
        assertThrows(InvalidInputException.class, () -> new NewNotificationChannel("x", ChannelType.WEBHOOK,
                "file:///etc/passwd", null, null, null));
        assertThrows(InvalidInputException.class, () -> new NewNotificationChannel("x", ChannelType.WEBHOOK,
                "https://example.com/", "short", null, null));
        assertThrows(InvalidInputException.class, () -> new NewNotificationChannel("x", ChannelType.EMAIL, null, null,
                List.of("not an address"), null));
        lowConfidenceRule(60);
        assertThrows(ConflictException.class, () -> lowConfidenceRule(60));
        alerts.deleteChannel(email.id(), "admin");
        assertEquals(List.of(webhook.id()), alerts.rules().get(0).channelIds(), "a deleted channel leaves every rule");
        assertFalse(alerts.channels().get(0).url().contains(SECRET));
        assertTrue(alerts.channels().get(0).signed());
    }

    /**
     * The daily summary: nothing before its time of day, then yesterday's (in its zone) made from the rollups once,
     * kept, and delivered through the outbox: the webhook gets it as signed JSON, the mailbox as HTML with the hourly
     * chart; the day before is compared; a day that has not ended is refused.
     */
    @Test
    void theDailySummaryIsMadeOnceAtItsTimeComparedWithTheDayBeforeAndDeliveredByWebhookAndEmail() throws Exception {
        EdgeChanges changes = FleetServiceTest.changes(db);
        FleetServiceImpl fleet = new FleetServiceImpl(edges, changes,
                TestSupport.audit(new MyBatisAuditStore(db.database()), clock), new MetricsRegistry(),
                FleetServiceTest.config(Map.of("heartbeatFlushMillis", 3_600_000L)), clock);
        try {
            fleet.updateEdge(edgeId, new io.modelfleet.api.edge.EdgeUpdate(null, null, null, Map.of("site", "berlin"),
                    null), "admin");
            clock.set(Instant.parse("2026-12-04T15:20:00Z"));
            report(20, 0.9); // the day before: 20 results, none low
            clock.set(Instant.parse("2026-12-05T09:10:00Z"));
            report(30, 0.9);
            clock.set(Instant.parse("2026-12-05T17:45:00Z"));
            report(30, 0.2); // the day (Berlin): 60 results, half of them low
            clock.set(START); // 2026-12-06T10:00:10Z, 11:00 in Berlin
            inference.rollUp(100_000, Duration.ZERO, clock.instant()); // marks what is there
            inference.rollUp(100_000, Duration.ZERO, clock.instant()); // and counts it

            SummaryServiceImpl summaries = new SummaryServiceImpl(new MyBatisSummaryStore(db.database()), store, fleet,
                    TestSupport.audit(new MyBatisAuditStore(db.database()), clock), clock, "server-a",
                    Duration.ofSeconds(45));
            InvalidInputException unknownChannel = org.junit.jupiter.api.Assertions.assertThrows(
                    InvalidInputException.class, () -> summaries.setSettings(new io.modelfleet.api.alert.SummarySettings(
                            true, "11:30", "Europe/Berlin", List.of(999L), null), "admin"));
            assertTrue(unknownChannel.fields().containsKey("channelIds"));
            summaries.setSettings(new io.modelfleet.api.alert.SummarySettings(true, "11:30", "Europe/Berlin",
                    List.of(webhook.id(), email.id()), 0.5), "admin");
            org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                    () -> summaries.summary(java.time.LocalDate.parse("2026-12-06"), null), "today has not ended");

            io.modelfleet.api.alert.DailySummary day = summaries.summary(null, null);
            assertEquals(java.time.LocalDate.parse("2026-12-05"), day.day(), "yesterday in Berlin by default");
            assertEquals(Instant.parse("2026-12-04T23:00:00Z"), day.from());
            assertEquals(60, day.fleet().inferences());
            assertEquals(50.0, day.fleet().lowConfidencePercent(), 1e-9);
            assertEquals(20, day.fleet().previousInferences());
            assertEquals(0.0, day.fleet().previousLowConfidencePercent(), 1e-9);
            assertEquals(List.of("v1"), day.byModel().stream().map(r -> r.group()).toList());
            assertEquals(List.of("site=berlin"), day.byTag().stream().map(r -> r.group()).toList());
            assertEquals(List.of(30L, 30L), day.hours().stream().map(h -> h.results()).toList());
            assertEquals(List.of(0L, 30L), day.hours().stream().map(h -> h.lowConfidence()).toList());
            assertEquals(1, day.edges().approved());

            assertTrue(!summaries.tick(), "not before 11:30 in Berlin");
            clock.advance(Duration.ofMinutes(31));
            assertTrue(summaries.tick(), "made at its time");
            assertTrue(!summaries.tick(), "and only once");
            worker.work();
            Received hook = received.stream().filter(r -> r.body().contains("DAILY_SUMMARY")).findFirst().orElseThrow();
            JsonNode body = new ObjectMapper().readTree(hook.body());
            assertEquals("2026-12-05", body.get("summary").get("day").asText());
            assertEquals(60, body.get("summary").get("fleet").get("inferences").asLong());
            String timestamp = hook.header("X-ModelFleet-Timestamp");
            assertEquals("sha256=" + ChannelSender.sign(SECRET, Long.parseLong(timestamp), hook.body()),
                    hook.header("X-ModelFleet-Signature"), "signed like alert deliveries");
            MimeMessage summaryMail = java.util.Arrays.stream(mail.getReceivedMessages())
                    .filter(m -> { try { return m.getSubject().contains("Daily summary"); } catch (Exception e) { return false; } })
                    .findFirst().orElseThrow();
            assertEquals("[ModelFleet] Daily summary 2026-12-05 (Europe/Berlin)", summaryMail.getSubject());
            String html = String.valueOf(summaryMail.getContent());
            assertTrue(html.contains("50.0% (+50.0 pts)"), html);
            assertTrue(html.contains("site=berlin") && html.contains("background:#2f4f8f"), "tables and the chart: " + html);
            List<io.modelfleet.api.alert.SentSummary> sent = summaries.sent(10);
            assertEquals(1, sent.size());
            assertEquals(List.of(DeliveryStatus.DELIVERED, DeliveryStatus.DELIVERED),
                    sent.get(0).deliveries().stream().map(d -> d.status()).toList());
            assertEquals(60, summaries.kept(sent.get(0).id()).orElseThrow().fleet().inferences(), "kept as it was made");
            io.modelfleet.api.alert.SentSummary again = summaries.send(java.time.LocalDate.parse("2026-12-05"), "carol");
            assertEquals(sent.get(0).id(), again.id(), "sent again by hand: the kept one is replaced, not doubled");
            assertEquals(1, summaries.sent(10).size());
            assertTrue(!summaries.tick(), "and the day's scheduled summary is not made once more");
            org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                    () -> summaries.summary(java.time.LocalDate.MAX, null), "a day far ahead is a 400, not an overflow");
        } finally {
            fleet.deactivate();
            changes.deactivate();
        }
    }
}
