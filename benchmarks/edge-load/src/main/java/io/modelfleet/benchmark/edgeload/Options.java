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
        option("edges", "200", "number of edges to enroll (1..10000)");
        option("batches-per-edge", "20", "result batches each edge sends");
        option("batch-size", "100", "results per batch (1..1000)");
        option("concurrency", "32", "requests (and baseline inserts) in flight at most");
        option("heartbeats-per-edge", "5", "heartbeats each edge sends (0 skips the phase)");
        option("warmup-batches", "2", "unmeasured result batches per edge sent first (also in the baseline)");
        option("jdbc-url", "jdbc:mariadb://127.0.0.1:3306/", "MariaDB server for the baseline");
        option("jdbc-user", "modelfleet", "baseline database user (needs CREATE/DROP DATABASE)");
        option("jdbc-password", "modelfleet", "baseline database password");
        option("baseline", "true", "false skips the direct-JDBC baseline");
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
    public final int edges;
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
        this.edges = intOption(v, "edges", 1, 10000);
        this.batchesPerEdge = intOption(v, "batches-per-edge", 1, 1_000_000);
        this.batchSize = intOption(v, "batch-size", 1, 1000);
        this.concurrency = intOption(v, "concurrency", 1, 4096);
        this.heartbeatsPerEdge = intOption(v, "heartbeats-per-edge", 0, 1_000_000);
        this.warmupBatches = intOption(v, "warmup-batches", 0, 1_000_000);
        this.jdbcUrl = v.get("jdbc-url");
        this.jdbcUser = v.get("jdbc-user");
        this.jdbcPassword = v.get("jdbc-password");
        String b = v.get("baseline");
        if (!b.equals("true") && !b.equals("false")) {
            throw new IllegalArgumentException("--baseline must be true or false: " + b);
        }
        this.baseline = Boolean.parseBoolean(b);
        this.json = v.get("json").isEmpty() ? null : v.get("json");
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

    public static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: java -jar modelfleet-benchmark-edge-load-<version>-jar-with-dependencies.jar [--key=value ...]\n");
        sb.append("Load generator for the ModelFleet edge protocol, with a direct-JDBC insert baseline.\n\n");
        for (Map.Entry<String, String> e : DEFAULTS.entrySet()) {
            String left = "  --" + e.getKey() + "=" + (e.getKey().contains("password") && !e.getValue().isEmpty() ? "***" : e.getValue());
            sb.append(String.format("%-50s %s%n", left, DESCRIPTIONS.get(e.getKey())));
        }
        sb.append(String.format("%-50s %s%n", "  --help", "this text"));
        sb.append("\nExit status: 0 all requests succeeded, 1 some requests failed, 2 bad options or fatal error.\n");
        return sb.toString();
    }

    /** The effective configuration, password left out. */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server", server);
        m.put("adminUser", adminUser);
        m.put("edges", edges);
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
