package io.modelfleet.itests.fleet;

import static io.modelfleet.itests.harness.Processes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;

import io.modelfleet.itests.harness.Api;
import io.modelfleet.itests.harness.EdgeResultLoad;
import io.modelfleet.itests.harness.FleetServer;
import io.modelfleet.itests.harness.Processes;

/**
 * Alerting in the real server distribution: edges report low-confidence results, the rule fires within its window,
 * the webhook receiver here gets one signed delivery and GreenMail one email (Jakarta Mail inside Karaf), the condition
 * clears and RESOLVED is told once; a channel whose endpoint refuses shows its failed attempts in the delivery log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertsIT {
    private static final String SECRET = "fleet-it-webhook-secret";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Hook(String event, String signature, String timestamp, String body) {
    }

    private Path work;
    private FleetServer fleet;
    private Api api;
    private GreenMail mail;
    private HttpServer receiver;
    private final List<Hook> hooks = new CopyOnWriteArrayList<>();
    private long seq;

    @BeforeAll
    void start() throws Exception {
        work = Path.of(System.getProperty("modelfleet.work.dir", "target/fleet")).resolveSibling("alerts");
        if (Files.exists(work)) {
            Processes.run(List.of("rm", "-rf", work.toString()));
        }
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            hooks.add(new Hook(exchange.getRequestHeaders().getFirst("X-ModelFleet-Event"),
                    exchange.getRequestHeaders().getFirst("X-ModelFleet-Signature"),
                    exchange.getRequestHeaders().getFirst("X-ModelFleet-Timestamp"), body));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        fleet = new FleetServer(work, "mf_it_alerts_")
                .env("MODELFLEET_ALERT_INTERVAL_SECONDS", "1")
                .env("MODELFLEET_SMTP_HOST", "127.0.0.1")
                .env("MODELFLEET_SMTP_PORT", Integer.toString(mail.getSmtp().getPort()))
                .env("MODELFLEET_SMTP_SECURITY", "NONE")
                .env("MODELFLEET_SMTP_FROM", "fleet@modelfleet.test");
        fleet.start();
        api = fleet.api();
    }

    @AfterAll
    void stop() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
        receiver.stop(0);
        mail.stop();
    }

    private long create(String path, Map<String, Object> body) {
        Api.Reply reply = api.send("POST", path, body);
        assertEquals(201, reply.status(), () -> path + ": " + reply.body());
        return reply.body().get("id").asLong();
    }

    private void report(String credential, int count, double score) throws Exception {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append("{\"seq\":").append(++seq).append(",\"time\":\"").append(Instant.now())
                    .append("\",\"label\":\"defect\",\"score\":").append(score).append('}');
        }
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(fleet.url() + "/api/v1/edge/results"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + credential)
                .POST(HttpRequest.BodyPublishers.ofString(json.append(']').toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response::body);
    }

    private static String sign(String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void lowConfidenceIsToldOnceByWebhookAndEmailAndItsResolutionOnce() throws Exception {
        String edge = EdgeResultLoad.enroll(fleet, 1).get(0);
        long webhook = create("/api/v1/channels", Map.of("name", "ops-hook", "type", "WEBHOOK",
                "url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", "secret", SECRET));
        long email = create("/api/v1/channels", Map.of("name", "ops-mail", "type", "EMAIL",
                "recipients", List.of("oncall@example.com")));
        // nothing listens on port 9 here: every attempt fails and the log says so
        long broken = create("/api/v1/channels", Map.of("name", "broken", "type", "SLACK",
                "url", "http://127.0.0.1:9/services/x"));

        // the email channel's test message goes through Jakarta Mail inside Karaf to GreenMail
        JsonNode test = api.send("POST", "/api/v1/channels/" + email + "/test", null).body();
        assertTrue(test.get("delivered").asBoolean(), test::toString);
        assertTrue(mail.waitForIncomingEmail(10_000, 1));
        assertTrue(mail.getReceivedMessages()[0].getSubject().contains("Test notification"));

        long rule = create("/api/v1/alert-rules", Map.of("name", "Low confidence on the line", "kind",
                "LOW_CONFIDENCE_RATE", "threshold", 30, "scoreBelow", 0.5, "windowMinutes", 2, "minResults", 10,
                "renotifyMinutes", 0, "channelIds", List.of(webhook, email, broken)));
        report(edge, 20, 0.95);
        Thread.sleep(3_000);
        assertEquals(0, api.get("/api/v1/alerts?open=true").body().get("total").asLong(), "all confident: quiet");

        report(edge, 20, 0.1); // 20 of 40 below 0.5
        await(Duration.ofSeconds(30), "the webhook to be told", () -> !hooks.isEmpty());
        JsonNode alert = api.get("/api/v1/alerts?open=true").body().get("items").get(0);
        assertEquals("FIRING", alert.get("state").asText());
        assertEquals(rule, alert.get("ruleId").asLong());
        assertEquals(50.0, alert.get("value").asDouble(), 1e-9);
        Hook fired = hooks.get(0);
        assertEquals("FIRED", fired.event());
        assertEquals(sign(fired.timestamp(), fired.body()), fired.signature(), "HMAC over timestamp.body");
        assertTrue(mail.waitForIncomingEmail(10_000, 2));
        assertEquals("[ModelFleet] [FIRING] Low confidence on the line: the fleet", mail.getReceivedMessages()[1].getSubject());

        Thread.sleep(3_000); // several evaluations later: still one of each
        assertEquals(1, hooks.size());
        assertEquals(2, mail.getReceivedMessages().length);

        report(edge, 60, 0.9); // 20 of 100 below 0.5: under the threshold
        await(Duration.ofSeconds(30), "RESOLVED to be told", () -> hooks.size() == 2);
        assertEquals("RESOLVED", hooks.get(1).event());
        assertEquals(sign(hooks.get(1).timestamp(), hooks.get(1).body()), hooks.get(1).signature());
        assertTrue(mail.waitForIncomingEmail(10_000, 3));
        assertTrue(mail.getReceivedMessages()[2].getSubject().startsWith("[ModelFleet] [RESOLVED]"));
        assertEquals("RESOLVED", api.get("/api/v1/alerts/" + alert.get("id").asLong()).body().get("state").asText());
        Thread.sleep(3_000);
        assertEquals(2, hooks.size(), "RESOLVED once");

        JsonNode failing = api.get("/api/v1/channels/" + broken + "/deliveries").body();
        assertEquals(2, failing.get("total").asLong(), failing::toString);
        for (JsonNode delivery : failing.get("items")) {
            assertEquals("PENDING", delivery.get("status").asText(), "retried later with backoff");
            assertTrue(delivery.get("attempts").asInt() >= 1);
            assertTrue(delivery.get("lastError").asText().startsWith("could not reach slack endpoint"),
                    delivery::toString);
        }
        JsonNode center = api.get("/api/v1/notifications").body();
        assertEquals(2, center.get("unread").asLong(), center::toString);
        assertEquals(204, api.send("POST", "/api/v1/notifications/read",
                Map.of("lastEventId", center.get("events").get(0).get("id").asLong())).status());
        assertEquals(0, api.get("/api/v1/notifications").body().get("unread").asLong());
    }
}
