package io.modelfleet.itests.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.modelfleet.itests.harness.Api;
import io.modelfleet.itests.harness.FleetServer;

/**
 * More result batches at once than the server takes in (its ingest limit is below the database pool): the excess is
 * refused at once with 429 or 503 and Retry-After, never a 500 or a timeout; senders that come back as told lose
 * nothing and store nothing twice; afterwards the server answers operators at once (no admission permit leaked).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverloadIT {
    private static final int EDGES = 48;
    private static final int BATCHES = 10;
    private static final int BATCH = 200;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(8)).build();
    private FleetServer server;

    @BeforeAll
    void start() throws Exception {
        server = new FleetServer(Files.createDirectories(Path.of("target", "overload-it-" + System.nanoTime())),
                "mf_it_overload_");
        server.start();
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aFloodOfResultBatchesIsShedWithRetryAfterAndNothingIsLostOrDoubled() throws Exception {
        Api api = server.api();
        JsonNode token = api.send("POST", "/api/v1/enrollment-tokens", Map.of("maxUses", EDGES)).body();
        List<String> credentials = new ArrayList<>();
        for (int i = 0; i < EDGES; i++) {
            JsonNode edge = post("/api/v1/edge/enroll", null,
                    "{\"token\":\"" + token.path("secret").asText() + "\",\"name\":\"flood-" + i + "\"}").json;
            assertEquals(200, api.send("POST", "/api/v1/edges/" + edge.path("edgeId").asLong() + "/approve", null).status());
            credentials.add(edge.path("credential").asText());
        }
        Instant start = Instant.now();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicLong slowest = new AtomicLong();
        AtomicInteger withoutRetryAfter = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(EDGES);
        try {
            List<Future<Long>> accepted = new ArrayList<>();
            for (String credential : credentials) {
                accepted.add(senders.submit(() -> {
                    long stored = 0;
                    for (int b = 0; b < BATCHES; b++) {
                        String body = batch(b);
                        while (true) {
                            long began = System.nanoTime();
                            Reply reply = post("/api/v1/edge/results", credential, body);
                            slowest.accumulateAndGet((System.nanoTime() - began) / 1_000_000, Math::max);
                            statuses.computeIfAbsent(reply.status, s -> new AtomicInteger()).incrementAndGet();
                            if (reply.status == 200) {
                                stored += reply.json.path("accepted").asLong();
                                break;
                            }
                            if (reply.retryAfter == null) {
                                withoutRetryAfter.incrementAndGet();
                            }
                            // as the agent does: back off (here briefly, to keep the pressure on), then the same batch
                            Thread.sleep(50 + (long) (Math.random() * 100));
                        }
                    }
                    return stored;
                }));
            }
            long total = 0;
            for (Future<Long> sender : accepted) {
                total += sender.get();
            }
            assertEquals((long) EDGES * BATCHES * BATCH, total, "every result stored once: " + statuses);
        } finally {
            senders.shutdownNow();
        }
        System.out.println("Overload: answers " + statuses + ", slowest " + slowest.get() + " ms, "
                + Duration.between(start, Instant.now()).toMillis() + " ms for " + EDGES * BATCHES * BATCH + " results");
        assertTrue(statuses.keySet().stream().allMatch(s -> s == 200 || s == 429 || s == 503), "only 200, 429, 503: " + statuses);
        int shed = statuses.getOrDefault(429, new AtomicInteger()).get() + statuses.getOrDefault(503, new AtomicInteger()).get();
        assertTrue(shed > 0, "the flood went past the ingest limit: " + statuses);
        assertEquals(0, withoutRetryAfter.get(), "every refusal says when to come back");
        assertTrue(slowest.get() < 10_000, "answered, not left to time out: slowest " + slowest.get() + " ms");

        JsonNode buckets = api.get("/api/v1/inference/aggregates?from=" + start.minusSeconds(3600) + "&to="
                + Instant.now().plusSeconds(3600) + "&bucketSeconds=86400").body();
        long counted = 0;
        for (JsonNode bucket : buckets) {
            counted += bucket.path("count").asLong();
        }
        assertEquals((long) EDGES * BATCHES * BATCH, counted, "nothing stored twice");
        // no admission permit leaked: more requests than the limit, one after another, all answered
        for (int i = 0; i < 200; i++) {
            assertEquals(200, api.get("/api/v1/edges?limit=1").status());
        }
        assertEquals(200, api.get("/api/v1/health").status());
    }

    private static String batch(int number) {
        StringBuilder json = new StringBuilder("[");
        String now = Instant.now().toString();
        for (int i = 0; i < BATCH; i++) {
            json.append(i == 0 ? "" : ",").append("{\"seq\":").append((long) number * BATCH + i + 1)
                    .append(",\"time\":\"").append(now).append("\",\"label\":\"ok\",\"score\":0.9,\"latencyMs\":1.5}");
        }
        return json.append(']').toString();
    }

    private record Reply(int status, JsonNode json, String retryAfter) {
    }

    private Reply post(String path, String credential, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (credential != null) {
            request.header("Authorization", "Bearer " + credential);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body().isEmpty() ? null : Api.JSON.readTree(response.body()),
                response.headers().firstValue("Retry-After").orElse(null));
    }
}
