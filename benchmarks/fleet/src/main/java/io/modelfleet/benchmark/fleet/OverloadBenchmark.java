package io.modelfleet.benchmark.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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

import io.modelfleet.itests.harness.Api;
import io.modelfleet.itests.harness.FleetServer;
import io.modelfleet.itests.harness.Processes;

/**
 * Where the server starts shedding result batches, and whether its memory stays bounded under steady load.
 * <ol>
 * <li>Steps: {@code senders} edges each send batches of {@value #BATCH} results back to back (closed loop) for
 * {@code stepSeconds}, at 2, 4, 8, ... senders: results stored per second, share of batches refused (429/503 with
 * Retry-After; a refused sender waits 100 ms and sends the same batch again), latency of accepted batches.</li>
 * <li>Soak: at 80 % of the first step that was refused, for {@code soakMinutes}: the server JVM's RSS and used heap
 * every 15 s.</li>
 * </ol>
 * Usage: {@code java -cp ... OverloadBenchmark [maxSenders] [stepSeconds] [soakMinutes]}; the server distribution and
 * MariaDB (as for the tests) must be there.
 */
public final class OverloadBenchmark {
    private static final int BATCH = 100;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        int maxSenders = args.length > 0 ? Integer.parseInt(args[0]) : 128;
        int stepSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int soakMinutes = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path work = Path.of("target/overload-benchmark");
        if (Files.exists(work)) {
            Processes.run(List.of("rm", "-rf", work.toString()));
        }
        try (FleetServer server = new FleetServer(Files.createDirectories(work), "mf_bench_overload_")) {
            server.start();
            List<String> edges = enroll(server, maxSenders);
            System.out.printf("%8s %12s %9s %9s %9s%n", "senders", "results/s", "refused", "p50 ms", "p99 ms");
            int firstShedding = -1;
            for (int senders = 2; senders <= maxSenders; senders *= 2) {
                Step step = run(server, edges.subList(0, senders), Duration.ofSeconds(stepSeconds), null);
                System.out.printf("%8d %12.0f %8.1f%% %9.1f %9.1f%n", senders, step.resultsPerSecond(),
                        step.refusedShare() * 100, step.p(0.5), step.p(0.99));
                if (firstShedding < 0 && step.refusedShare() > 0.01) {
                    firstShedding = senders;
                }
            }
            if (firstShedding < 0) {
                System.out.println("no shedding up to " + maxSenders + " senders");
                return;
            }
            int soakSenders = Math.max(1, (int) Math.round(firstShedding * 0.8));
            System.out.println("shedding from " + firstShedding + " senders; soak at " + soakSenders + " senders for "
                    + soakMinutes + " min");
            List<String> samples = Collections.synchronizedList(new ArrayList<>());
            Step soak = run(server, edges.subList(0, soakSenders), Duration.ofMinutes(soakMinutes), () -> {
                String sample = Instant.now() + " rss=" + rssMiB(server.pid()) + " MiB heapUsed=" + heapUsedMiB(server.pid())
                        + " MiB";
                samples.add(sample);
                System.out.println("  " + sample);
            });
            System.out.printf("soak: %.0f results/s, %.1f%% refused, p50 %.1f ms, p99 %.1f ms, %d samples%n",
                    soak.resultsPerSecond(), soak.refusedShare() * 100, soak.p(0.5), soak.p(0.99), samples.size());
        }
    }

    static List<String> enroll(FleetServer server, int count) throws Exception {
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
    record Step(long results, long batches, long refused, long failed, List<String> failures, double seconds,
            List<Long> latenciesMicros) {
        double resultsPerSecond() {
            return results / seconds;
        }

        double refusedShare() {
            return batches + refused == 0 ? 0 : refused / (double) (batches + refused);
        }

        double p(double q) {
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

    static Step run(FleetServer server, List<String> edges, Duration length, Runnable sampler) throws Exception {
        return run(server, edges, length, sampler, () -> false);
    }

    /** Sends result batches from every edge for {@code length} or until {@code stopEarly} says so. */
    static Step run(FleetServer server, List<String> edges, Duration length, Runnable sampler,
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

    private static long rssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** Used heap from the JVM itself (jcmd GC.heap_info: "used NNNNK"). */
    private static long heapUsedMiB(long pid) {
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes());
            jcmd.waitFor();
            java.util.regex.Matcher used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(out);
            return used.find() ? Long.parseLong(used.group(1)) / 1024 : -1;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }
}
