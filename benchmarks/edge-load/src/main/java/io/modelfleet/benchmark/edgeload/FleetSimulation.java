package io.modelfleet.benchmark.edgeload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code --mode=fleet}: N edges at the real edge protocol, without an agent or ONNX Runtime per edge. Each edge
 * <ul>
 *   <li>heartbeats ({@code POST /api/v1/edge/heartbeat} with its device info and {@code NO_MODEL}, the same body
 *   every time, as an idle agent sends) every {@code --heartbeat-seconds}, or the server's shorter
 *   {@code heartbeatIntervalSeconds} as the agent does;</li>
 *   <li>polls its desired state ({@code GET /api/v1/edge/desired-state} with {@code If-None-Match:} the ETag of the
 *   last answer it got) every {@code --poll-seconds}, and at once when a heartbeat's {@code desiredStateEtag} differs
 *   from it (which also moves its next regular poll), as {@code EdgeAgent} does;</li>
 *   <li>sends a batch of {@code --result-batch-size} results every {@code --result-seconds} (0: never), with seqs
 *   that are new on every run.</li>
 * </ul>
 * Every interval is jittered by {@code ±--jitter} and each kind's first events are spread evenly over one period
 * ({@link FleetSchedule}); a {@link FleetScheduler} (one delay queue, {@code --connections} workers, each a
 * synchronous HTTP/1.1 keep-alive exchange) sends them. A 429/503 is counted as throttled and not retried (the
 * agent tries again at its next tick; the next scheduled event is that).
 *
 * <p>The run: one probe heartbeat (it must be 200: a 401 means the credentials are not the server's), the server's
 * memory "before" (idle, edges created), {@code --warmup} seconds of load, memory "after warm-up", then
 * {@code --duration} measured seconds and memory "after". Only events started in the measured window count:
 * requests/s per kind (with the rate the schedule should give), latency p50/p90/p99/max, errors (non-2xx other
 * than 304, I/O), throttled answers, and the generator's lag (how late each event was taken vs. its schedule).
 */
final class FleetSimulation {

    /** Lag p99 above this means the generator, or the connection pool, did not keep the schedule. */
    static final double SATURATED_LAG_P99_MS = 1000;
    static final long SLICE_NANOS = 10_000_000_000L;

    /** Counters of one kind of request in the measured window. */
    static final class KindStats {
        final String name;
        final AtomicLong requests = new AtomicLong();
        final AtomicLong ok = new AtomicLong();
        final AtomicLong notModified = new AtomicLong();
        final AtomicLong throttled = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong items = new AtomicLong();
        final LatencyStats latencies = new LatencyStats();
        private final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());

        KindStats(String name) {
            this.name = name;
        }

        void error(String detail) {
            errors.incrementAndGet();
            synchronized (errorSamples) {
                if (errorSamples.size() < PhaseResult.MAX_ERROR_SAMPLES) {
                    errorSamples.add(detail);
                }
            }
        }

        List<String> errorSamples() {
            synchronized (errorSamples) {
                return new ArrayList<>(errorSamples);
            }
        }
    }

    private final Options options;
    private final Http http;
    private final ObjectMapper mapper;
    private final List<EdgeLoad.Edge> edges;
    private final PrintStream out;
    private final AtomicReferenceArray<String> etags;
    private final URI heartbeatUri;
    private final URI desiredStateUri;
    private final URI resultsUri;
    /** seq of the first result of this run: new for every run, so reused edges send no duplicates. */
    private final long seqBase = System.currentTimeMillis() * 1000;

    // measured window (set before the load starts)
    private volatile long measureStart;
    private volatile long measureEnd;
    private final KindStats[] kinds = new KindStats[FleetSchedule.KINDS];
    private final KindStats warmup = new KindStats("warm-up");
    private final LatencyStats lag = new LatencyStats();
    private final AtomicLong busyNanos = new AtomicLong();
    private AtomicLongArray sliceSent;
    private AtomicLongArray sliceLagSum;
    private AtomicLongArray sliceLagMax;
    private AtomicLongArray sliceBusy;
    private FleetScheduler scheduler;
    private final List<ServerMemory.Sample> memory = Collections.synchronizedList(new ArrayList<>());

    FleetSimulation(Options options, Http http, ObjectMapper mapper, List<EdgeLoad.Edge> edges, PrintStream out) {
        this.options = options;
        this.http = http;
        this.mapper = mapper;
        this.edges = edges;
        this.out = out;
        this.etags = new AtomicReferenceArray<>(edges.size());
        this.heartbeatUri = http.uri("/api/v1/edge/heartbeat");
        this.desiredStateUri = http.uri("/api/v1/edge/desired-state");
        this.resultsUri = http.uri("/api/v1/edge/results");
        for (int k = 0; k < kinds.length; k++) {
            kinds[k] = new KindStats(FleetSchedule.KIND_NAMES[k]);
        }
    }

    /** Runs the fleet and prints its figures; returns the exit status (0 clean, 1 errors, 2 fatal). */
    @SuppressWarnings("unchecked")
    int run(String runId, Instant startedAt, Map<String, Object> setup) throws Exception {
        // the probe: proves the credentials and learns the server's heartbeat interval
        HttpResponse<String> probe = http.exchange(heartbeat(0));
        if (probe.statusCode() != 200) {
            out.println("probe heartbeat of edge " + edges.get(0).id() + " failed: HTTP " + probe.statusCode() + " "
                    + abbreviate(probe.body()) + (probe.statusCode() == 401
                    ? " (the server does not accept the credential: wrong database or credential format)" : ""));
            return 2;
        }
        JsonNode reply = mapper.readTree(probe.body());
        int serverInterval = reply.path("heartbeatIntervalSeconds").asInt(0);
        int heartbeatSeconds = options.followServerInterval && serverInterval > 0
                ? Math.min(options.heartbeatSeconds, serverInterval) : options.heartbeatSeconds;
        if (heartbeatSeconds != options.heartbeatSeconds) {
            out.printf("the server asks for heartbeats every %d s: edges beat every %d s, as the agent does "
                    + "(raise heartbeatIntervalSeconds in the server's etc/io.modelfleet.fleet.cfg, or "
                    + "--follow-server-interval=false)%n", serverInterval, heartbeatSeconds);
        }
        long second = 1_000_000_000L;
        FleetSchedule schedule = new FleetSchedule(edges.size(), new long[]{heartbeatSeconds * second,
                options.pollSeconds * second, options.resultSeconds * second}, options.jitter);
        scheduler = new FleetScheduler(schedule);

        long pid = options.serverPid;
        if (pid > 0) {
            memory.add(ServerMemory.sample(pid, "before"));
        }
        long start = System.nanoTime();
        measureStart = start + options.warmupSeconds * second;
        measureEnd = measureStart + options.durationSeconds * second;
        int slices = (int) ((measureEnd - measureStart + SLICE_NANOS - 1) / SLICE_NANOS);
        sliceSent = new AtomicLongArray(slices);
        sliceLagSum = new AtomicLongArray(slices);
        sliceLagMax = new AtomicLongArray(slices);
        sliceBusy = new AtomicLongArray(slices);
        scheduler.seed(start);
        out.printf("fleet: %d edges, heartbeat every %d s, desired state every %s, results every %s, jitter %.0f %%, "
                        + "%d connections; warm-up %d s, measuring %d s%n", edges.size(), heartbeatSeconds,
                options.pollSeconds == 0 ? "never" : options.pollSeconds + " s",
                options.resultSeconds == 0 ? "never" : options.resultSeconds + " s (" + options.resultBatchSize
                        + " results)", options.jitter * 100, options.connections, options.warmupSeconds,
                options.durationSeconds);

        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edge-load-memory");
            t.setDaemon(true);
            return t;
        });
        long[] serverCpu = {-1, -1};
        long[] ownCpu = {-1, -1};
        sampler.schedule(() -> {
            if (pid > 0) {
                serverCpu[0] = ServerMemory.cpuNanos(pid);
                memory.add(ServerMemory.sample(pid, "after warm-up"));
            }
            ownCpu[0] = ownCpuNanos();
            out.println("warm-up done, measuring ...");
        }, Math.max(0, measureStart - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (pid > 0 && options.memorySampleSeconds > 0) {
            long every = options.memorySampleSeconds * second;
            sampler.scheduleAtFixedRate(() -> memory.add(ServerMemory.sample(pid, "during")),
                    measureStart - System.nanoTime() + every, every, TimeUnit.NANOSECONDS);
        }
        FleetScheduler.Outcome outcome = scheduler.run(options.connections, measureEnd, this::handle);
        sampler.shutdown();
        sampler.awaitTermination(30, TimeUnit.SECONDS);
        if (pid > 0) {
            serverCpu[1] = ServerMemory.cpuNanos(pid);
            memory.add(ServerMemory.sample(pid, "after"));
        }
        ownCpu[1] = ownCpuNanos();
        Map<String, Object> figures = figures(runId, startedAt, setup, heartbeatSeconds, serverInterval, outcome,
                serverCpu, ownCpu);
        long errors = totalErrors() + outcome.failures();
        int status = errors > 0 ? 1 : 0;
        print(figures, outcome);
        if (options.json != null) {
            Map<String, Object> doc = new LinkedHashMap<>(figures);
            ((Map<String, Object>) doc.get("summary")).put("exitStatus", status);
            mapper.writer().with(SerializationFeature.INDENT_OUTPUT).writeValue(new File(options.json), doc);
            out.println("figures written to " + options.json);
        }
        return status;
    }

    long totalErrors() {
        long sum = warmup.errors.get();
        for (KindStats k : kinds) {
            sum += k.errors.get();
        }
        return sum;
    }

    private static long ownCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    // ---- requests ----------------------------------------------------------------------------------------------

    private HttpRequest.Builder request(URI uri, int edge) {
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + edges.get(edge).credential())
                .header("Accept", "application/json");
    }

    /** What an idle agent sends: its device info and no model, the same every time. */
    private HttpRequest heartbeat(int edge) {
        String body = "{\"device\":{\"hostname\":\"edge-" + edges.get(edge).id() + ".local\",\"os\":\"Linux\","
                + "\"osVersion\":\"6.1\",\"arch\":\"aarch64\",\"cpu\":\"Cortex-A72\",\"cores\":4,"
                + "\"memoryBytes\":4294967296,\"gpu\":\"none\",\"agentVersion\":\"edge-load\","
                + "\"runtimes\":[\"onnxruntime\"]},\"inferenceStatus\":\"NO_MODEL\"}";
        return request(heartbeatUri, edge).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest desiredState(int edge) {
        HttpRequest.Builder b = request(desiredStateUri, edge).GET();
        String etag = etags.get(edge);
        if (etag != null) {
            b.header("If-None-Match", etag);
        }
        return b.build();
    }

    private HttpRequest results(int edge, long number) throws IOException {
        int size = options.resultBatchSize;
        List<Map<String, Object>> batch = new ArrayList<>(size);
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < size; i++) {
            batch.add(ResultGenerator.result(seqBase + number * size + i + 1, rnd).toJson());
        }
        return request(resultsUri, edge).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(batch))).build();
    }

    private void handle(FleetScheduler.Event e, long startNanos) throws Exception {
        boolean measured = startNanos >= measureStart;
        KindStats stats = measured ? kinds[e.kind] : warmup;
        if (measured) {
            long late = Math.max(0, startNanos - e.due);
            lag.record(late);
            int slice = (int) Math.min(sliceSent.length() - 1, (startNanos - measureStart) / SLICE_NANOS);
            sliceSent.incrementAndGet(slice);
            sliceLagSum.addAndGet(slice, late);
            sliceLagMax.accumulateAndGet(slice, late, Math::max);
        }
        HttpRequest request = switch (e.kind) {
            case FleetSchedule.HEARTBEAT -> heartbeat(e.edge);
            case FleetSchedule.POLL -> desiredState(e.edge);
            default -> results(e.edge, e.number);
        };
        String where = FleetSchedule.KIND_NAMES[e.kind] + " of edge " + edges.get(e.edge).id() + ": ";
        stats.requests.incrementAndGet();
        long t0 = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.exchange(request);
        } catch (IOException io) {
            account(measured, stats, t0);
            stats.error(where + io);
            return;
        }
        int status = response.statusCode();
        account(measured, stats, t0);
        if (status == 429 || status == 503) {
            stats.throttled.incrementAndGet();
            return;
        }
        if (status == 304 && e.kind == FleetSchedule.POLL) {
            stats.ok.incrementAndGet();
            stats.notModified.incrementAndGet();
            return;
        }
        if (status != 200) {
            stats.error(where + "HTTP " + status + " " + abbreviate(response.body()));
            return;
        }
        JsonNode body = mapper.readTree(response.body());
        switch (e.kind) {
            case FleetSchedule.HEARTBEAT -> {
                if (!"APPROVED".equals(body.path("state").asText())) {
                    stats.error(where + "state " + body.path("state").asText() + ", expected APPROVED");
                    return;
                }
                String etag = body.path("desiredStateEtag").asText(null);
                if (etag != null && !etag.equals(etags.get(e.edge))) {
                    scheduler.pollNow(e.edge); // as the agent: something changed, look now
                }
            }
            case FleetSchedule.POLL -> {
                String etag = body.path("etag").asText(null);
                if (etag == null) {
                    stats.error(where + "200 without an etag: " + abbreviate(response.body()));
                    return;
                }
                etags.set(e.edge, etag);
            }
            default -> {
                long accepted = body.path("accepted").asLong(-1);
                long duplicates = body.path("duplicates").asLong(-1);
                stats.items.addAndGet(Math.max(0, accepted));
                if (accepted + duplicates != options.resultBatchSize || accepted < 0 || duplicates < 0) {
                    stats.error(where + "expected accepted + duplicates = " + options.resultBatchSize + ", got "
                            + abbreviate(response.body()));
                    return;
                }
            }
        }
        stats.ok.incrementAndGet();
    }

    private void account(boolean measured, KindStats stats, long t0) {
        long elapsed = System.nanoTime() - t0;
        if (measured) {
            busyNanos.addAndGet(elapsed);
            sliceBusy.addAndGet((int) Math.min(sliceBusy.length() - 1, Math.max(0, t0 - measureStart) / SLICE_NANOS),
                    elapsed);
            stats.latencies.record(elapsed);
        }
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    // ---- figures -----------------------------------------------------------------------------------------------

    private Map<String, Object> figures(String runId, Instant startedAt, Map<String, Object> setup,
                                        int heartbeatSeconds, int serverInterval, FleetScheduler.Outcome outcome,
                                        long[] serverCpu, long[] ownCpu) {
        double seconds = (measureEnd - measureStart) / 1e9;
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("runId", runId);
        doc.put("startedAt", startedAt.toString());
        doc.put("finishedAt", Instant.now().toString());
        doc.put("config", options.describe());
        doc.put("setup", setup);
        doc.put("heartbeatSecondsEffective", heartbeatSeconds);
        doc.put("serverHeartbeatIntervalSeconds", serverInterval);
        double[] expected = {
                edges.size() / (double) heartbeatSeconds,
                options.pollSeconds == 0 ? 0 : edges.size() / (double) options.pollSeconds,
                options.resultSeconds == 0 ? 0 : edges.size() / (double) options.resultSeconds};
        List<Map<String, Object>> list = new ArrayList<>();
        for (KindStats k : kinds) {
            int i = list.size();
            LatencyStats.Summary s = k.latencies.summary();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", k.name);
            m.put("requests", k.requests.get());
            m.put("requestsPerSecond", k.requests.get() / seconds);
            m.put("expectedPerSecond", expected[i]);
            m.put("ok", k.ok.get());
            if (i == FleetSchedule.POLL) {
                m.put("notModified", k.notModified.get());
            }
            if (i == FleetSchedule.RESULTS) {
                m.put("resultsAccepted", k.items.get());
                m.put("resultsPerSecond", k.items.get() / seconds);
            }
            m.put("throttled", k.throttled.get());
            m.put("errors", k.errors.get());
            m.put("latencyMs", latencyMap(s));
            m.put("errorSamples", k.errorSamples());
            list.add(m);
        }
        doc.put("kinds", list);
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("requests", warmup.requests.get());
        w.put("throttled", warmup.throttled.get());
        w.put("errors", warmup.errors.get());
        w.put("errorSamples", warmup.errorSamples());
        doc.put("warmup", w);

        Map<String, Object> gen = new LinkedHashMap<>();
        LatencyStats.Summary lagSummary = lag.summary();
        gen.put("lagMs", latencyMap(lagSummary));
        gen.put("backlogAtEnd", outcome.backlog());
        gen.put("supersededPolls", outcome.superseded());
        gen.put("handlerFailures", outcome.failures());
        gen.put("handlerFailureSamples", outcome.failureSamples());
        gen.put("connectionUtilisation", busyNanos.get() / (seconds * 1e9 * options.connections));
        gen.put("cpuCores", ownCpu[0] >= 0 && ownCpu[1] >= 0 ? (ownCpu[1] - ownCpu[0]) / (seconds * 1e9) : null);
        gen.put("rssMiB", ServerMemory.mib(ServerMemory.status(0).getOrDefault("VmRSS", -1L)));
        gen.put("heapUsedMiB", Math.round((Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory())
                / 1048576.0 * 10) / 10.0);
        List<Map<String, Object>> slices = new ArrayList<>();
        for (int i = 0; i < sliceSent.length(); i++) {
            Map<String, Object> s = new LinkedHashMap<>();
            long n = sliceSent.get(i);
            s.put("fromSecond", i * (SLICE_NANOS / 1_000_000_000L));
            s.put("sent", n);
            s.put("lagMeanMs", n == 0 ? 0 : sliceLagSum.get(i) / (double) n / 1e6);
            s.put("lagMaxMs", sliceLagMax.get(i) / 1e6);
            s.put("connectionUtilisation", sliceBusy.get(i) / (SLICE_NANOS * (double) options.connections));
            slices.add(s);
        }
        gen.put("slices", slices);
        gen.put("verdict", verdict(lagSummary, outcome, busyNanos.get() / (seconds * 1e9 * options.connections)));
        doc.put("generator", gen);

        Map<String, Object> server = new LinkedHashMap<>();
        server.put("pid", options.serverPid);
        server.put("cpuCores", serverCpu[0] >= 0 && serverCpu[1] >= 0
                ? (serverCpu[1] - serverCpu[0]) / (seconds * 1e9) : null);
        List<Map<String, Object>> samples = new ArrayList<>();
        synchronized (memory) {
            memory.forEach(m -> samples.add(m.toMap()));
        }
        server.put("memory", samples);
        server.put("heapSource", "jcmd <pid> GC.heap_info (the server's /metrics has no JVM gauges)");
        doc.put("server", server);

        Map<String, Object> summary = new LinkedHashMap<>();
        LatencyStats.Summary hb = kinds[FleetSchedule.HEARTBEAT].latencies.summary();
        summary.put("heartbeatsPerSecond", kinds[FleetSchedule.HEARTBEAT].requests.get() / seconds);
        summary.put("heartbeatP99Ms", hb.p99Ms());
        summary.put("totalErrors", totalErrors() + outcome.failures());
        String verdict = verdict(lagSummary, outcome, 0);
        summary.put("generatorSaturated", verdict.startsWith("SATURATED"));
        summary.put("warmupTooShort", verdict.startsWith("CAUGHT UP"));
        summary.put("markdownRow", markdownRow(seconds, heartbeatSeconds, lagSummary, outcome));
        doc.put("summary", summary);
        return doc;
    }

    private static Map<String, Object> latencyMap(LatencyStats.Summary s) {
        Map<String, Object> lat = new LinkedHashMap<>();
        lat.put("count", s.count());
        lat.put("p50", s.p50Ms());
        lat.put("p90", s.p90Ms());
        lat.put("p99", s.p99Ms());
        lat.put("max", s.maxMs());
        return lat;
    }

    /**
     * Whether the schedule was kept: "ok ..." when it was; "CAUGHT UP ..." when events were late only early in the
     * measurement (the warm-up was too short); "SATURATED ..." when they were still late at the end.
     */
    String verdict(LatencyStats.Summary lagSummary, FleetScheduler.Outcome outcome, double utilisation) {
        int last = sliceSent.length() - 1;
        double firstMean = sliceSent.get(0) == 0 ? 0 : sliceLagSum.get(0) / (double) sliceSent.get(0) / 1e6;
        double lastMean = sliceSent.get(last) == 0 ? 0 : sliceLagSum.get(last) / (double) sliceSent.get(last) / 1e6;
        double lastMax = sliceLagMax.get(last) / 1e6;
        double lastBusy = sliceBusy.get(last) / (SLICE_NANOS * (double) options.connections);
        if (outcome.backlog() > options.connections || lastMean > 100 || lastMax > SATURATED_LAG_P99_MS) {
            String why = lastBusy > 0.9
                    ? "every connection was busy: the server answers too slowly for --connections (raise it, up to "
                    + "the server's maxConcurrentRequests, or the server is the bottleneck)"
                    : "connections were free: the generator itself is short of CPU";
            return String.format(Locale.ROOT, "SATURATED: in the last 10 s events left %.1f ms late on average "
                            + "(max %.1f ms), %d due events not sent at the end; connections %.0f %% busy: %s",
                    lastMean, lastMax, outcome.backlog(), lastBusy * 100, why);
        }
        if (lagSummary.p99Ms() > SATURATED_LAG_P99_MS) {
            int lateSlices = 0;
            for (int i = 0; i <= last; i++) {
                if (sliceSent.get(i) > 0 && sliceLagMax.get(i) / 1e6 > SATURATED_LAG_P99_MS) {
                    lateSlices = i + 1;
                }
            }
            return String.format(Locale.ROOT, "CAUGHT UP: events were late in the first %d s of the measurement "
                            + "(mean lag %.1f ms in the first 10 s, %.1f ms in the last; lag p99 %.1f ms): the warm-up "
                            + "was too short for the backlog of its start, and the first seconds' rates include "
                            + "catching up. Lengthen --warmup", lateSlices * SLICE_NANOS / 1_000_000_000L, firstMean,
                    lastMean, lagSummary.p99Ms());
        }
        return String.format(Locale.ROOT, "ok: events left on time (lag p99 %.1f ms, %d due events not sent at "
                + "the end)", lagSummary.p99Ms(), outcome.backlog());
    }

    private String markdownRow(double seconds, int heartbeatSeconds, LatencyStats.Summary lagSummary,
                               FleetScheduler.Outcome outcome) {
        LatencyStats.Summary hb = kinds[FleetSchedule.HEARTBEAT].latencies.summary();
        LatencyStats.Summary ds = kinds[FleetSchedule.POLL].latencies.summary();
        long errors = totalErrors() + outcome.failures();
        long throttled = warmup.throttled.get();
        for (KindStats k : kinds) {
            throttled += k.throttled.get();
        }
        String memory = "-";
        String heap = "-";
        ServerMemory.Sample before = memorySample("before");
        ServerMemory.Sample after = memorySample("after");
        if (before != null && after != null) {
            memory = String.format(Locale.ROOT, "%s → %s MiB (peak %s)", fmt(ServerMemory.mib(before.rssKiB())),
                    fmt(ServerMemory.mib(after.rssKiB())), fmt(ServerMemory.mib(after.hwmKiB())));
            heap = String.format(Locale.ROOT, "%s → %s MiB (of %s)", fmt(ServerMemory.mib(before.heapUsedKiB())),
                    fmt(ServerMemory.mib(after.heapUsedKiB())), fmt(ServerMemory.mib(after.heapCommittedKiB())));
        }
        String periods = heartbeatSeconds + " / " + (options.pollSeconds == 0 ? "-" : options.pollSeconds) + " / "
                + (options.resultSeconds == 0 ? "-" : options.resultSeconds) + " s ±"
                + Math.round(options.jitter * 100) + " %";
        return String.format(Locale.ROOT, "| %s | %,d | %s | %d | %d + %d s | %,.0f (%,.0f) | %,.0f | %,.0f | "
                        + "%.1f / %.1f / %.1f / %.1f | %.1f / %.1f | %d / %d | %.1f | %s | %s |",
                LocalDate.now(ZoneOffset.UTC), edges.size(), periods, options.connections, options.warmupSeconds,
                options.durationSeconds, kinds[0].requests.get() / seconds, edges.size() / (double) heartbeatSeconds,
                kinds[1].requests.get() / seconds, kinds[2].requests.get() / seconds,
                hb.p50Ms(), hb.p90Ms(), hb.p99Ms(), hb.maxMs(), ds.p50Ms(), ds.p99Ms(), errors, throttled,
                lagSummary.p99Ms(), memory, heap);
    }

    static final String MARKDOWN_HEADER = "| date | edges | heartbeat / poll / results period | connections "
            + "| warm-up + measured | heartbeats/s (expected) | polls/s | result batches/s "
            + "| heartbeat p50 / p90 / p99 / max ms | desired state p50 / p99 ms | errors / throttled "
            + "| generator lag p99 ms | server RSS before → after | server heap used before → after |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    private ServerMemory.Sample memorySample(String label) {
        synchronized (memory) {
            return memory.stream().filter(m -> m.label().equals(label)).findFirst().orElse(null);
        }
    }

    private static String fmt(Double d) {
        return d == null ? "?" : String.format(Locale.ROOT, "%,.0f", d);
    }

    @SuppressWarnings("unchecked")
    private void print(Map<String, Object> figures, FleetScheduler.Outcome outcome) {
        out.println();
        String head = "%-14s %9s %9s %10s %8s %8s %9s %7s %9s %9s %9s %9s%n";
        String row = "%-14s %9d %9.1f %10.1f %8d %8d %9d %7d %9.2f %9.2f %9.2f %9.2f%n";
        out.printf(Locale.ROOT, head, "kind", "requests", "req/s", "expected/s", "ok", "304", "throttled", "errors",
                "p50 ms", "p90 ms", "p99 ms", "max ms");
        for (Map<String, Object> k : (List<Map<String, Object>>) figures.get("kinds")) {
            Map<String, Object> lat = (Map<String, Object>) k.get("latencyMs");
            out.printf(Locale.ROOT, row, k.get("kind"), (long) k.get("requests"), (double) k.get("requestsPerSecond"),
                    (double) k.get("expectedPerSecond"), (long) k.get("ok"),
                    k.containsKey("notModified") ? (long) k.get("notModified") : 0L, (long) k.get("throttled"),
                    (long) k.get("errors"), (double) lat.get("p50"), (double) lat.get("p90"), (double) lat.get("p99"),
                    (double) lat.get("max"));
        }
        Map<String, Object> gen = (Map<String, Object>) figures.get("generator");
        Map<String, Object> lagMs = (Map<String, Object>) gen.get("lagMs");
        out.printf(Locale.ROOT, "%ngenerator: lag p50 %.1f / p99 %.1f / max %.1f ms, connections busy %.0f %%, "
                        + "CPU %s cores, RSS %s MiB; %d polls superseded by a heartbeat's new ETag%n",
                (double) lagMs.get("p50"), (double) lagMs.get("p99"), (double) lagMs.get("max"),
                100 * (double) gen.get("connectionUtilisation"),
                gen.get("cpuCores") == null ? "?" : String.format(Locale.ROOT, "%.2f", (double) gen.get("cpuCores")),
                gen.get("rssMiB"), outcome.superseded());
        out.println("generator verdict: " + gen.get("verdict"));
        Map<String, Object> server = (Map<String, Object>) figures.get("server");
        if (options.serverPid > 0) {
            out.printf(Locale.ROOT, "server pid %d: CPU %s cores while measuring%n", options.serverPid,
                    server.get("cpuCores") == null ? "?" : String.format(Locale.ROOT, "%.2f", (double) server.get("cpuCores")));
            synchronized (memory) {
                for (ServerMemory.Sample m : memory) {
                    out.printf(Locale.ROOT, "  memory %-14s RSS %s MiB, peak RSS %s MiB, heap used %s of %s MiB, "
                                    + "metaspace %s MiB%n", m.label(), fmt(ServerMemory.mib(m.rssKiB())),
                            fmt(ServerMemory.mib(m.hwmKiB())), fmt(ServerMemory.mib(m.heapUsedKiB())),
                            fmt(ServerMemory.mib(m.heapCommittedKiB())), fmt(ServerMemory.mib(m.metaspaceUsedKiB())));
                }
            }
        }
        Map<String, Object> w = (Map<String, Object>) figures.get("warmup");
        out.printf("warm-up: %d requests, %d throttled, %d errors%n", (long) w.get("requests"),
                (long) w.get("throttled"), (long) w.get("errors"));
        for (String s : warmup.errorSamples()) {
            out.println("error sample [warm-up]: " + s);
        }
        for (KindStats k : kinds) {
            for (String s : k.errorSamples()) {
                out.println("error sample [" + k.name + "]: " + s);
            }
        }
        for (String s : outcome.failureSamples()) {
            out.println("generator failure: " + s);
        }
        out.println();
        out.println("Markdown row for docs/benchmarks.md:");
        out.println(MARKDOWN_HEADER);
        out.println(((Map<String, Object>) figures.get("summary")).get("markdownRow"));
    }
}
