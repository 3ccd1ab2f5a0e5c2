package io.modelfleet.benchmark.edgeload;

import java.util.LinkedHashMap;
import java.util.Map;

/** Command-line options of {@link EdgeLoad}, all given as {@code --key=value}. */
public final class Options {

    /** Every known option with its default value, in help order. */
    static final Map<String, String> DEFAULTS = new LinkedHashMap<>();
    static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        option("server", "http://127.0.0.1:8181", "base URL of the ModelFleet server");
        option("admin-user", "admin", "operator with role ADMIN");
        option("admin-password", "", "its password (default: env MODELFLEET_ADMIN_PASSWORD)");
        option("mode", "ingest", "ingest: the phases below, once each; fleet: N edges on their own schedules (heartbeats, "
                + "desired-state polls, results) for --duration, see the class javadoc of FleetSimulation");
        option("edges", "200", "number of edges (1..10000 enrolled over HTTP; up to 1000000 with --bulk-edges)");
        option("bulk-edges", "", "server schema (on --jdbc-url) to create APPROVED edges and credentials in directly, "
                + "reusing those that exist; empty: enroll and approve over HTTP");
        option("edge-prefix", "", "edge names are <prefix>-<n>; empty: bench-<runid> (new edges every run). "
                + "A fixed prefix with --bulk-edges reuses the edges of earlier runs");
        option("credential-seed", "edge-load", "bulk edges' secrets are derived from this seed and the edge name");
        option("batches-per-edge", "20", "result batches each edge sends");
        option("batch-size", "100", "results per batch (1..1000)");
        option("concurrency", "32", "requests (and baseline inserts) in flight at most");
        option("heartbeats-per-edge", "5", "heartbeats each edge sends (0 skips the phase)");
        option("warmup-batches", "2", "unmeasured result batches per edge sent first (also in the baseline)");
        option("jdbc-url", "jdbc:mariadb://127.0.0.1:3306/", "MariaDB server for the baseline");
        option("jdbc-user", "modelfleet", "baseline database user (needs CREATE/DROP DATABASE)");
        option("jdbc-password", "modelfleet", "baseline database password");
        option("baseline", "true", "false skips the direct-JDBC baseline");
        option("heartbeat-seconds", "60", "fleet: heartbeat period of every edge (the server's shorter "
                + "heartbeatIntervalSeconds wins, as with the agent, unless --follow-server-interval=false)");
        option("follow-server-interval", "true", "fleet: use min(--heartbeat-seconds, the server's interval) as the agent does");
        option("poll-seconds", "60", "fleet: desired-state poll period (If-None-Match; 0: no polls)");
        option("result-seconds", "0", "fleet: a result batch per edge every this many seconds (0: none)");
        option("result-batch-size", "10", "fleet: results per batch (1..1000)");
        option("jitter", "0.2", "fleet: each interval is period x (1 +- jitter), uniformly (0..0.9)");
        option("connections", "64", "fleet: worker threads = HTTP/1.1 keep-alive connections in use at most");
        option("warmup", "60", "fleet: seconds of load before the measurement starts (at least one heartbeat period "
                + "advised: every edge's first heartbeat is a database write and its first poll a full answer)");
        option("duration", "300", "fleet: measured seconds");
        option("server-pid", "0", "fleet: server process id for memory (VmRSS/VmHWM, jcmd GC.heap_info) and CPU; 0: none");
        option("memory-sample-seconds", "30", "fleet: also sample the server's memory this often (0: only before/after)");
        option("json", "", "also write all figures as JSON to this file");
    }

    private static void option(String key, String def, String description) {
        DEFAULTS.put(key, def);
        DESCRIPTIONS.put(key, description);
    }

    public final boolean help;
    public final String server;
    public final String adminUser;
    public final String adminPassword;
    public final String mode;
    public final int edges;
    /** Server schema for bulk-created edges, or null to enroll over HTTP. */
    public final String bulkEdges;
    /** Null: bench-&lt;runid&gt;. */
    public final String edgePrefix;
    public final String credentialSeed;
    public final int heartbeatSeconds;
    public final boolean followServerInterval;
    public final int pollSeconds;
    public final int resultSeconds;
    public final int resultBatchSize;
    public final double jitter;
    public final int connections;
    public final int warmupSeconds;
    public final int durationSeconds;
    public final long serverPid;
    public final int memorySampleSeconds;
    public final int batchesPerEdge;
    public final int batchSize;
    public final int concurrency;
    public final int heartbeatsPerEdge;
    public final int warmupBatches;
    public final String jdbcUrl;
    public final String jdbcUser;
    public final String jdbcPassword;
    public final boolean baseline;
    /** Null when no JSON output was asked for. */
    public final String json;

    private Options(boolean help, Map<String, String> v) {
        this.help = help;
        String s = v.get("server");
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (!s.startsWith("http://") && !s.startsWith("https://")) {
            throw new IllegalArgumentException("--server must start with http:// or https://: " + s);
        }
        this.server = s;
        this.adminUser = v.get("admin-user");
        this.adminPassword = v.get("admin-password");
        this.mode = v.get("mode");
        if (!mode.equals(INGEST) && !mode.equals(FLEET)) {
            throw new IllegalArgumentException("--mode must be ingest or fleet: " + mode);
        }
        this.bulkEdges = v.get("bulk-edges").isEmpty() ? null : v.get("bulk-edges");
        if (bulkEdges != null && !bulkEdges.matches("[A-Za-z0-9_]{1,64}")) {
            throw new IllegalArgumentException("--bulk-edges must be a schema name (letters, digits, _): " + bulkEdges);
        }
        this.edges = intOption(v, "edges", 1, bulkEdges == null ? MAX_HTTP_EDGES : MAX_BULK_EDGES);
        this.edgePrefix = v.get("edge-prefix").isEmpty() ? null : v.get("edge-prefix");
        if (edgePrefix != null && !edgePrefix.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,100}")) {
            throw new IllegalArgumentException("--edge-prefix must be letters, digits, '.', '_' or '-': " + edgePrefix);
        }
        this.credentialSeed = v.get("credential-seed");
        this.heartbeatSeconds = intOption(v, "heartbeat-seconds", 1, 86_400);
        this.followServerInterval = bool(v, "follow-server-interval");
        this.pollSeconds = intOption(v, "poll-seconds", 0, 86_400);
        this.resultSeconds = intOption(v, "result-seconds", 0, 86_400);
        this.resultBatchSize = intOption(v, "result-batch-size", 1, 1000);
        this.jitter = doubleOption(v, "jitter", 0, 0.9);
        this.connections = intOption(v, "connections", 1, 4096);
        this.warmupSeconds = intOption(v, "warmup", 0, 86_400);
        this.durationSeconds = intOption(v, "duration", 1, 7 * 86_400);
        this.serverPid = intOption(v, "server-pid", 0, Integer.MAX_VALUE);
        this.memorySampleSeconds = intOption(v, "memory-sample-seconds", 0, 86_400);
        this.batchesPerEdge = intOption(v, "batches-per-edge", 1, 1_000_000);
        this.batchSize = intOption(v, "batch-size", 1, 1000);
        this.concurrency = intOption(v, "concurrency", 1, 4096);
        this.heartbeatsPerEdge = intOption(v, "heartbeats-per-edge", 0, 1_000_000);
        this.warmupBatches = intOption(v, "warmup-batches", 0, 1_000_000);
        this.jdbcUrl = v.get("jdbc-url");
        this.jdbcUser = v.get("jdbc-user");
        this.jdbcPassword = v.get("jdbc-password");
        this.baseline = bool(v, "baseline");
        this.json = v.get("json").isEmpty() ? null : v.get("json");
    }

    static final String INGEST = "ingest";
    static final String FLEET = "fleet";
    /** An enrollment token enrolls at most 10,000 edges. */
    static final int MAX_HTTP_EDGES = 10_000;
    static final int MAX_BULK_EDGES = 1_000_000;

    boolean fleet() {
        return mode.equals(FLEET);
    }

    /** The admin password is needed unless every edge comes from the database (and the fleet mode needs no login). */
    boolean needsAdmin() {
        return bulkEdges == null;
    }

    private static boolean bool(Map<String, String> v, String key) {
        String b = v.get(key);
        if (!b.equals("true") && !b.equals("false")) {
            throw new IllegalArgumentException("--" + key + " must be true or false: " + b);
        }
        return Boolean.parseBoolean(b);
    }

    private static double doubleOption(Map<String, String> v, String key, double min, double max) {
        String raw = v.get(key);
        double d;
        try {
            d = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a number: '" + raw + "'");
        }
        if (!(d >= min && d <= max)) {
            throw new IllegalArgumentException("--" + key + " must be in " + min + ".." + max + ": " + raw);
        }
        return d;
    }

    private static int intOption(Map<String, String> v, String key, int min, int max) {
        String raw = v.get(key);
        int n;
        try {
            n = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a whole number: '" + raw + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("--" + key + " must be in " + min + ".." + max + ": " + n);
        }
        return n;
    }

    /**
     * Parses {@code --key=value} arguments.
     *
     * @param env environment, consulted for MODELFLEET_ADMIN_PASSWORD when --admin-password is empty
     * @throws IllegalArgumentException on an unknown option, a missing '=' or a bad value
     */
    public static Options parse(String[] args, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        boolean help = false;
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("options look like --key=value: " + arg);
            }
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("option needs a value (--key=value): " + arg);
            }
            String key = arg.substring(2, eq);
            if (!DEFAULTS.containsKey(key)) {
                throw new IllegalArgumentException("unknown option --" + key + " (see --help)");
            }
            values.put(key, arg.substring(eq + 1));
        }
        if (values.get("admin-password").isEmpty() && env != null) {
            String fromEnv = env.get("MODELFLEET_ADMIN_PASSWORD");
            if (fromEnv != null) {
                values.put("admin-password", fromEnv);
            }
        }
        return new Options(help, values);
    }

    /** The 100,000-edge run, as documented in the javadoc of EdgeLoad. */
    static final String FLEET_EXAMPLE = """

            A 100,000-edge fleet (edges created once in the server's schema mf_fleet, reused by later runs):
              java -jar modelfleet-benchmark-edge-load-<version>-jar-with-dependencies.jar --mode=fleet \\
                --server=http://127.0.0.1:18181 --edges=100000 --bulk-edges=mf_fleet --edge-prefix=fleet \\
                --jdbc-url=jdbc:mariadb://127.0.0.1:3306/ --jdbc-user=modelfleet --jdbc-password=modelfleet \\
                --heartbeat-seconds=60 --poll-seconds=60 --jitter=0.2 --result-seconds=0 --connections=64 \\
                --warmup=180 --duration=300 --server-pid=<pid> --json=fleet-100k.json
            """;

    public static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: java -jar modelfleet-benchmark-edge-load-<version>-jar-with-dependencies.jar [--key=value ...]\n");
        sb.append("Load generator for the ModelFleet edge protocol, with a direct-JDBC insert baseline (--mode=ingest)\n");
        sb.append("or a simulated fleet of edges on their own schedules (--mode=fleet).\n\n");
        for (Map.Entry<String, String> e : DEFAULTS.entrySet()) {
            String left = "  --" + e.getKey() + "=" + (e.getKey().contains("password") && !e.getValue().isEmpty() ? "***" : e.getValue());
            sb.append(String.format("%-50s %s%n", left, DESCRIPTIONS.get(e.getKey())));
        }
        sb.append(String.format("%-50s %s%n", "  --help", "this text"));
        sb.append("\nExit status: 0 all requests succeeded, 1 some requests failed, 2 bad options or fatal error.\n");
        sb.append(FLEET_EXAMPLE);
        return sb.toString();
    }

    /** The effective configuration, password left out. */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server", server);
        m.put("adminUser", adminUser);
        m.put("mode", mode);
        m.put("edges", edges);
        m.put("bulkEdges", bulkEdges);
        m.put("edgePrefix", edgePrefix);
        if (fleet()) {
            m.put("heartbeatSeconds", heartbeatSeconds);
            m.put("followServerInterval", followServerInterval);
            m.put("pollSeconds", pollSeconds);
            m.put("resultSeconds", resultSeconds);
            m.put("resultBatchSize", resultBatchSize);
            m.put("jitter", jitter);
            m.put("connections", connections);
            m.put("warmupSeconds", warmupSeconds);
            m.put("durationSeconds", durationSeconds);
            m.put("serverPid", serverPid);
            m.put("memorySampleSeconds", memorySampleSeconds);
        }
        m.put("batchesPerEdge", batchesPerEdge);
        m.put("batchSize", batchSize);
        m.put("concurrency", concurrency);
        m.put("heartbeatsPerEdge", heartbeatsPerEdge);
        m.put("warmupBatches", warmupBatches);
        m.put("jdbcUrl", jdbcUrl);
        m.put("jdbcUser", jdbcUser);
        m.put("baseline", baseline);
        return m;
    }
}
