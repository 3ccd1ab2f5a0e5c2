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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Load generator for the ModelFleet edge protocol.
 *
 * <p>{@code --mode=ingest} (the default): enrolls, approves and heartbeats many simulated edges, has them send
 * result batches concurrently, resends one batch each to check idempotency, and compares the ingest rate with a
 * direct JDBC multi-row insert baseline into the same table.
 *
 * <p>{@code --mode=fleet}: {@link FleetSimulation}, N edges each on its own schedule (heartbeats, desired-state
 * polls with If-None-Match, optional result batches, jittered and staggered) over a bounded number of keep-alive
 * connections, measuring heartbeat and desired-state latency, errors, the generator's own lag and the server's
 * memory (VmRSS/VmHWM and jcmd heap) before and after.
 *
 * <p>Edges come from HTTP enrollment (up to 10,000, about 170/s) or, with {@code --bulk-edges=<server schema>},
 * straight from the server's database ({@link BulkEdges}: APPROVED rows with derived credentials, inserted 1,000
 * per statement and reused by later runs with the same {@code --edge-prefix} and {@code --credential-seed}).
 *
 * <h2>The 100,000-edge run (issue 16, item 5)</h2>
 * <pre>{@code
 * # 1. a schema and the server distribution, heartbeats asked for every 60 s (the default 30 s would win:
 * #    agents beat at min(own interval, server's), and so does the generator)
 * mysql -h127.0.0.1 -umodelfleet -pmodelfleet -e 'CREATE DATABASE mf_fleet'
 * mkdir -p /tmp/fleet && tar xzf distribution/server/target/modelfleet-server-*.tar.gz -C /tmp/fleet
 * cd /tmp/fleet/modelfleet-server-0.1.0-SNAPSHOT
 * sed -i 's/^heartbeatIntervalSeconds = 30/heartbeatIntervalSeconds = 60/' etc/io.modelfleet.fleet.cfg
 * MODELFLEET_DB_URL=jdbc:mariadb://127.0.0.1:3306/mf_fleet MODELFLEET_DB_USER=modelfleet \
 *   MODELFLEET_DB_PASSWORD=modelfleet MODELFLEET_ADMIN_PASSWORD=fleet-admin-password \
 *   MODELFLEET_HTTP_PORT=18181 MODELFLEET_SSH_PORT=18101 nohup bin/modelfleet > server.out 2>&1 &
 * until curl -sf localhost:18181/api/v1/health; do sleep 2; done
 * SERVER_PID=$(pgrep -f "karaf.base=$PWD" | head -1)      # the server JVM (bin/modelfleet's java child)
 * cd -
 *
 * # 2. the fleet: 100,000 edges created in mf_fleet on the first run (about a minute), reused afterwards
 * java -Xmx1g -jar benchmarks/edge-load/target/modelfleet-benchmark-edge-load-0.1.0-SNAPSHOT-jar-with-dependencies.jar \
 *   --mode=fleet --server=http://127.0.0.1:18181 --edges=100000 \
 *   --bulk-edges=mf_fleet --edge-prefix=fleet \
 *   --jdbc-url=jdbc:mariadb://127.0.0.1:3306/ --jdbc-user=modelfleet --jdbc-password=modelfleet \
 *   --heartbeat-seconds=60 --poll-seconds=60 --jitter=0.2 --result-seconds=0 \
 *   --connections=64 --warmup=600 --duration=300 \
 *   --server-pid=$SERVER_PID --memory-sample-seconds=30 --json=fleet-100k.json
 * }</pre>
 * Expected: about 1,667 heartbeats/s and 1,667 desired-state polls/s (nearly all 304). The warm-up must cover one
 * heartbeat period plus the catch-up: every edge's first heartbeat after a server start is a database write and its
 * first poll a full desired state, so on 2 cores the generator falls behind for a few minutes (600 s is enough there). The verdict line says whether the generator kept its schedule ("ok"), was
 * still catching up early in the measurement ("CAUGHT UP": lengthen {@code --warmup}) or could not keep up
 * ("SATURATED", with whether the connections or the CPU ran out). The heartbeat p99 (goal <= 50 ms) is in the
 * table and in the Markdown row printed at the end, ready for docs/benchmarks.md, with the server's RSS and heap
 * before and after. Add {@code --result-seconds=60} for results as well (one batch of {@code --result-batch-size}
 * per edge per minute; the server sheds past {@code maxConcurrentIngest} with 429, counted as throttled).
 */
public final class EdgeLoad {

    /** An enrolled or bulk-created edge: its id and bearer credential. */
    record Edge(long id, String credential) {
    }

    private final Options options;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Http http;
    private final String runId;
    private final List<PhaseResult> phases = new ArrayList<>();
    private final PrintStream out;
    private final Map<String, Object> bulkSetup = new LinkedHashMap<>();

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
        if (options.needsAdmin() && options.adminPassword.isEmpty()) {
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
        if (options.fleet()) {
            return runFleet(startedAt);
        }
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

    /** {@code --mode=fleet}: the edges, then {@link FleetSimulation}. */
    private int runFleet(Instant startedAt) throws Exception {
        out.printf("edge-load fleet run %s against %s: %d edges%n", runId, options.server, options.edges);
        List<Edge> edges = obtainEdges();
        if (edges == null) {
            for (PhaseResult p : phases) {
                for (String s : p.errorSamples()) {
                    out.println("error sample [" + p.name + "]: " + s);
                }
            }
            return 2;
        }
        if (edges.size() < options.edges) {
            out.printf("only %d of %d edges enrolled and approved: simulating those%n", edges.size(), options.edges);
        }
        if (edges.isEmpty()) {
            return 2;
        }
        if (!phases.isEmpty()) {
            out.print(Report.table(phases));
        }
        Map<String, Object> setup = new LinkedHashMap<>(bulkSetup);
        for (PhaseResult p : phases) {
            setup.put(p.name, p.toMap());
        }
        return new FleetSimulation(options, http, mapper, edges, out).run(runId, startedAt, setup);
    }

    /** Edge names: {@code <prefix>-<n>}. */
    String prefix() {
        return options.edgePrefix != null ? options.edgePrefix : "bench-" + runId;
    }

    /**
     * The run's edges: created in the server's database with {@code --bulk-edges}, else enrolled and approved over
     * HTTP (phases login, enrollment-token, enroll, approve). Null when the run cannot get going.
     */
    private List<Edge> obtainEdges() throws Exception {
        if (options.bulkEdges != null) {
            out.printf("bulk: edges %s-0 .. %s-%d in schema %s ...%n", prefix(), prefix(), options.edges - 1,
                    options.bulkEdges);
            BulkEdges.Created created = new BulkEdges(options, prefix()).ensure(options.edges);
            double seconds = created.elapsedNanos() / 1e9;
            out.printf(Locale.ROOT, "bulk: %d inserted, %d reused (%d of them updated to APPROVED with this seed's "
                            + "credential) in %.1f s%n", created.inserted(), created.reused(), created.updated(),
                    seconds);
            bulkSetup.put("bulkSchema", options.bulkEdges);
            bulkSetup.put("bulkInserted", created.inserted());
            bulkSetup.put("bulkReused", created.reused());
            bulkSetup.put("bulkUpdated", created.updated());
            bulkSetup.put("bulkSeconds", seconds);
            return created.edges();
        }
        String session = login();
        if (session == null) {
            return null;
        }
        String secret = createToken(session);
        if (secret == null) {
            return null;
        }
        return approve(session, enroll(secret));
    }

    /** Returns 2 when the run could not get going (no session or no token), else 0. */
    private int phases() throws Exception {
        List<Edge> edges = obtainEdges();
        if (edges == null) {
            return 2;
        }
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
        device.put("hostname", prefix() + "-" + n + ".local");
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
        body.put("name", prefix() + "-" + n);
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
