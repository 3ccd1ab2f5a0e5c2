package io.modelfleet.benchmark.edgeload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Load generator for the ModelFleet edge protocol: enrolls, approves and heartbeats many simulated edges, has
 * them send result batches concurrently, resends one batch each to check idempotency, and compares the ingest
 * rate with a direct JDBC multi-row insert baseline into the same table.
 */
public final class EdgeLoad {

    private record Edge(long id, String credential) {
    }

    private final Options options;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Http http;
    private final String runId;
    private final List<PhaseResult> phases = new ArrayList<>();
    private final PrintStream out;

    EdgeLoad(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.http = new Http(options.server, mapper);
        this.runId = Long.toHexString(new SecureRandom().nextLong() & 0xffffffL);
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("edge-load: " + e.getMessage());
            System.err.print(Options.usage());
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.print(Options.usage());
            return;
        }
        if (options.adminPassword.isEmpty()) {
            System.err.println("edge-load: give --admin-password=... or set MODELFLEET_ADMIN_PASSWORD");
            System.exit(2);
            return;
        }
        int status;
        try {
            status = new EdgeLoad(options, System.out).run();
        } catch (Exception e) {
            System.err.println("edge-load: fatal: " + e);
            e.printStackTrace(System.err);
            status = 2;
        }
        System.exit(status);
    }

    /** Runs every phase and prints the report; returns the exit status (0 clean, 1 errors, 2 fatal). */
    int run() throws Exception {
        Instant startedAt = Instant.now();
        out.printf("edge-load run %s against %s: %d edges x (%d warm-up + %d) batches x %d results, concurrency %d%n",
                runId, options.server, options.edges, options.warmupBatches, options.batchesPerEdge,
                options.batchSize, options.concurrency);
        int status = phases();
        Report report = new Report(runId, startedAt, options, phases);
        if (status == 0 && report.totalErrors() > 0) {
            status = 1;
        }
        report.print(out);
        if (options.json != null) {
            report.writeJson(new File(options.json), mapper, status);
            out.println("figures written to " + options.json);
        }
        return status;
    }

    /** Returns 2 when the run could not get going (no session or no token), else 0. */
    private int phases() throws InterruptedException {
        String session = login();
        if (session == null) {
            return 2;
        }
        String secret = createToken(session);
        if (secret == null) {
            return 2;
        }
        List<Edge> edges = approve(session, enroll(secret));
        if (edges.isEmpty()) {
            out.println("no approved edges: skipping heartbeats, ingest and baseline");
            return 0;
        }
        if (options.heartbeatsPerEdge > 0) {
            heartbeats(edges);
        }
        if (options.warmupBatches > 0) {
            results("warmup", edges, 0, options.warmupBatches, false);
        }
        results(Report.INGEST, edges, options.warmupBatches, options.batchesPerEdge, false);
        // the first measured batch again: every result must come back as a duplicate
        results("resend-duplicates", edges, options.warmupBatches, 1, true);
        if (options.baseline) {
            out.println("baseline: direct JDBC inserts into a scratch schema ...");
            phases.addAll(new Baseline(options, mapper).run(edges.size()));
        }
        return 0;
    }

    // ---- phases ----------------------------------------------------------------------------------------------

    private String login() throws InterruptedException {
        PhaseResult phase = new PhaseResult("login", null);
        String[] token = new String[1];
        PhaseRunner.run(phase, 1, i -> r -> {
            Map<String, Object> body = Map.of("username", options.adminUser, "password", options.adminPassword);
            Http.Reply reply = http.post("/api/v1/auth/login", null, body, r.retries);
            r.latencies.record(reply.elapsedNanos());
            if (reply.status() == 200 && reply.body().hasNonNull("token")) {
                token[0] = reply.body().get("token").asText();
            } else {
                r.error("login: " + reply.describe());
            }
        }, 1);
        phases.add(phase);
        return token[0];
    }

    private String createToken(String session) throws InterruptedException {
        PhaseResult phase = new PhaseResult("enrollment-token", null);
        String[] secret = new String[1];
        PhaseRunner.run(phase, 1, i -> r -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("description", "edge-load benchmark " + runId);
            body.put("maxUses", options.edges);
            body.put("ttlSeconds", 3600);
            Http.Reply reply = http.post("/api/v1/enrollment-tokens", session, body, r.retries);
            r.latencies.record(reply.elapsedNanos());
            if (reply.status() == 201 && reply.body().hasNonNull("secret")) {
                secret[0] = reply.body().get("secret").asText();
            } else {
                r.error("create token: " + reply.describe());
            }
        }, 1);
        phases.add(phase);
        return secret[0];
    }

    private List<Edge> enroll(String secret) throws InterruptedException {
        PhaseResult phase = new PhaseResult("enroll", null);
        AtomicReferenceArray<Edge> edges = new AtomicReferenceArray<>(options.edges);
        PhaseRunner.run(phase, options.edges, n -> r -> {
            Http.Reply reply = http.post("/api/v1/edge/enroll", null, enrollBody(secret, n), r.retries);
            r.latencies.record(reply.elapsedNanos());
            JsonNode b = reply.body();
            if (reply.status() == 201 && b.hasNonNull("edgeId") && b.hasNonNull("credential")) {
                edges.set(n, new Edge(b.get("edgeId").asLong(), b.get("credential").asText()));
            } else {
                r.error("enroll: " + reply.describe());
            }
        }, options.concurrency);
        phases.add(phase);
        return present(edges);
    }

    private Map<String, Object> enrollBody(String secret, int n) {
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("hostname", "bench-" + runId + "-" + n + ".local");
        device.put("os", "Linux");
        device.put("osVersion", "6.1");
        device.put("arch", "aarch64");
        device.put("cpu", "Cortex-A72");
        device.put("cores", 4);
        device.put("memoryBytes", 4L << 30);
        device.put("gpu", "none");
        device.put("agentVersion", "edge-load");
        device.put("runtimes", List.of("onnxruntime"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", secret);
        body.put("name", "bench-" + runId + "-" + n);
        body.put("device", device);
        return body;
    }

    private List<Edge> approve(String session, List<Edge> enrolled) throws InterruptedException {
        PhaseResult phase = new PhaseResult("approve", null);
        AtomicReferenceArray<Edge> approved = new AtomicReferenceArray<>(enrolled.size());
        PhaseRunner.run(phase, enrolled.size(), i -> r -> {
            Edge edge = enrolled.get(i);
            Http.Reply reply = http.send("/api/v1/edges/" + edge.id() + "/approve", session, null, r.retries);
            r.latencies.record(reply.elapsedNanos());
            if (reply.status() == 200 && reply.body().path("state").asText().equals("APPROVED")) {
                approved.set(i, edge);
            } else {
                r.error("approve " + edge.id() + ": " + reply.describe());
            }
        }, options.concurrency);
        phases.add(phase);
        return present(approved);
    }

    private void heartbeats(List<Edge> edges) throws InterruptedException {
        PhaseResult phase = new PhaseResult("heartbeat", null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("modelVersion", ResultGenerator.MODEL_VERSION);
        body.put("inferenceStatus", "READY");
        // round-major: every edge's heartbeat h before any edge's heartbeat h+1
        PhaseRunner.run(phase, options.heartbeatsPerEdge * edges.size(), i -> r -> {
            Edge edge = edges.get(i % edges.size());
            Http.Reply reply = http.post("/api/v1/edge/heartbeat", edge.credential(), body, r.retries);
            r.latencies.record(reply.elapsedNanos());
            if (reply.status() != 200) {
                r.error("heartbeat " + edge.id() + ": " + reply.describe());
            }
        }, options.concurrency);
        phases.add(phase);
    }

    /**
     * Each edge sends batches {@code firstBatch .. firstBatch+batches-1}, batch-major (every edge's batch b before
     * any edge's batch b+1, as a fleet would). Fresh batches must be accepted whole; resent ones must come back as
     * duplicates whole.
     */
    private void results(String name, List<Edge> edges, int firstBatch, int batches, boolean expectDuplicates)
            throws InterruptedException {
        PhaseResult phase = new PhaseResult(name, "results");
        int batchSize = options.batchSize;
        PhaseRunner.run(phase, batches * edges.size(), i -> r -> {
            Edge edge = edges.get(i % edges.size());
            int batch = firstBatch + i / edges.size();
            // built before the clock starts: the latency is the server's, not the client's JSON encoding
            byte[] body = mapper.writeValueAsBytes(
                    ResultGenerator.batchJson(batch, batchSize, ThreadLocalRandom.current()));
            Http.Reply reply = http.send("/api/v1/edge/results", edge.credential(), body, r.retries);
            r.latencies.record(reply.elapsedNanos());
            String where = "edge " + edge.id() + " batch " + batch + ": ";
            if (reply.status() != 200) {
                r.error(where + reply.describe());
                return;
            }
            long accepted = reply.body().path("accepted").asLong(-1);
            long duplicates = reply.body().path("duplicates").asLong(-1);
            r.items.addAndGet(Math.max(0, expectDuplicates ? duplicates : accepted));
            if (expectDuplicates && (duplicates != batchSize || accepted != 0)) {
                r.error(where + "expected duplicates=" + batchSize + ", accepted=0; got " + reply.describe());
            } else if (!expectDuplicates && accepted != batchSize) {
                r.error(where + "expected accepted=" + batchSize + "; got " + reply.describe());
            }
        }, options.concurrency);
        phases.add(phase);
    }

    private static List<Edge> present(AtomicReferenceArray<Edge> slots) {
        List<Edge> list = new ArrayList<>();
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) != null) {
                list.add(slots.get(i));
            }
        }
        return list;
    }
}
