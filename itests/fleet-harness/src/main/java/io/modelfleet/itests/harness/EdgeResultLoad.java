package io.modelfleet.itests.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Edges sending inference results as fast as the server takes them: each enrolled edge posts batches of
 * {@value #BATCH} results back to back (closed loop); 429/503 are counted as shed (the edge waits 100 ms and sends the
 * same batch again), any other non-200 answer as a failure.
 */
public final class EdgeResultLoad {
    public static final int BATCH = 100;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private EdgeResultLoad() {
    }

    /** Enrolls and approves {@code count} edges; their credentials. */
    public static List<String> enroll(FleetServer server, int count) throws Exception {
        Api api = server.api();
        String secret = api.send("POST", "/api/v1/enrollment-tokens", Map.of("maxUses", count)).body().path("secret").asText();
        List<String> credentials = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> enrolled = post(server, "/api/v1/edge/enroll", null,
                    "{\"token\":\"" + secret + "\",\"name\":\"load-" + i + "\"}");
            JsonNode edge = Api.JSON.readTree(enrolled.body());
            api.send("POST", "/api/v1/edges/" + edge.path("edgeId").asLong() + "/approve", null);
            credentials.add(edge.path("credential").asText());
        }
        return credentials;
    }

    /** {@code failed}: answers other than 200, 429 and 503, with the first few of them in {@code failures}. */
    public record Step(long results, long batches, long refused, long failed, List<String> failures, double seconds,
            List<Long> latenciesMicros) {
        public double resultsPerSecond() {
            return results / seconds;
        }

        public double refusedShare() {
            return batches + refused == 0 ? 0 : refused / (double) (batches + refused);
        }

        public double p(double q) {
            if (latenciesMicros.isEmpty()) {
                return Double.NaN;
            }
            List<Long> sorted = new ArrayList<>(latenciesMicros);
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, (int) (q * sorted.size()))) / 1000.0;
        }
    }

    /** Each edge keeps its own seq counter across steps, so nothing is ever a duplicate. */
    private static final Map<String, AtomicLong> SEQ = new java.util.concurrent.ConcurrentHashMap<>();

    public static Step run(FleetServer server, List<String> edges, Duration length, Runnable sampler) throws Exception {
        return run(server, edges, length, sampler, () -> false);
    }

    /** Sends result batches from every edge for {@code length} or until {@code stopEarly} says so. */
    public static Step run(FleetServer server, List<String> edges, Duration length, Runnable sampler,
            java.util.function.BooleanSupplier stopEarly) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong results = new AtomicLong();
        AtomicLong batches = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService senders = Executors.newFixedThreadPool(edges.size());
        long began = System.nanoTime();
        for (String credential : edges) {
            senders.submit(() -> {
                AtomicLong seq = SEQ.computeIfAbsent(credential, c -> new AtomicLong());
                String body = null;
                while (!stop.get()) {
                    if (body == null) {
                        body = batch(seq.getAndAdd(BATCH) + 1);
                    }
                    long start = System.nanoTime();
                    HttpResponse<String> response = post(server, "/api/v1/edge/results", credential, body);
                    if (response.statusCode() == 200) {
                        latencies.add((System.nanoTime() - start) / 1000);
                        results.addAndGet(BATCH);
                        batches.incrementAndGet();
                        body = null;
                    } else if (response.statusCode() == 429 || response.statusCode() == 503) {
                        refused.incrementAndGet();
                        Thread.sleep(100);
                    } else {
                        if (failed.incrementAndGet() <= 5) {
                            failures.add(response.statusCode() + " " + response.body());
                        }
                        Thread.sleep(100);
                    }
                }
                return null;
            });
        }
        long end = System.nanoTime() + length.toNanos();
        while (System.nanoTime() < end && !stopEarly.getAsBoolean()) {
            if (sampler != null) {
                sampler.run();
            }
            Thread.sleep(Math.min(sampler == null ? 100 : 15_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
        stop.set(true);
        senders.shutdown();
        senders.awaitTermination(60, TimeUnit.SECONDS);
        return new Step(results.get(), batches.get(), refused.get(), failed.get(), List.copyOf(failures),
                (System.nanoTime() - began) / 1e9, latencies);
    }

    private static String batch(long firstSeq) {
        StringBuilder json = new StringBuilder("[");
        String now = Instant.now().toString();
        for (int i = 0; i < BATCH; i++) {
            json.append(i == 0 ? "" : ",").append("{\"seq\":").append(firstSeq + i).append(",\"time\":\"").append(now)
                    .append("\",\"label\":\"ok\",\"score\":0.9,\"latencyMs\":1.5}");
        }
        return json.append(']').toString();
    }

    private static HttpResponse<String> post(FleetServer server, String path, String credential, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (credential != null) {
            request.header("Authorization", "Bearer " + credential);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
