package io.modelfleet.benchmark.inferencestore;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.mariadb.jdbc.MariaDbPoolDataSource;

import io.modelfleet.api.PageRequest;
import io.modelfleet.api.alert.AlertKind;
import io.modelfleet.api.alert.NewAlertRule;
import io.modelfleet.api.inference.ReportedResult;
import io.modelfleet.core.internal.AlertConfiguration;
import io.modelfleet.core.internal.AlertEvaluator;
import io.modelfleet.core.internal.DriftServiceImpl;
import io.modelfleet.persistence.internal.Database;
import io.modelfleet.persistence.internal.MyBatisAlertStore;
import io.modelfleet.persistence.internal.MyBatisDatasetStore;
import io.modelfleet.persistence.internal.MyBatisEdgeStore;
import io.modelfleet.persistence.internal.MyBatisModelStore;
import io.modelfleet.persistence.internal.MyBatisInferenceStore;
import io.modelfleet.testkit.ConfigAnnotations;

/**
 * The cost of one pass of the server's alert rule evaluator ({@code AlertEvaluator}, on a plain class path) over a
 * large fleet: {@code --edges} approved edges with a line tag, a share of them offline, results of the last minutes in
 * the raw table and the rollups, and {@code --rules} rules: half EDGE_OFFLINE (fleet-wide and per tag), the rest
 * low-confidence and failure rates for the fleet, per model version and per edge. The first pass opens the alerts;
 * the passes after it find the same state (what a pass costs every interval).
 *
 * <pre>
 * java -cp target/classes:$(cat target/classpath.txt) io.modelfleet.benchmark.inferencestore.AlertEvaluationBenchmark \
 *   --jdbc-url=jdbc:mariadb://127.0.0.1:3306/ --user=root --edges=100000 --rules=200 --passes=10
 * </pre>
 */
public final class AlertEvaluationBenchmark {
    private static final int TAGS = 20;
    private static final int MODELS = 10;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            String[] pair = arg.replaceFirst("^--", "").split("=", 2);
            options.put(pair[0], pair.length > 1 ? pair[1] : "true");
        }
        String url = options.getOrDefault("jdbc-url", "jdbc:mariadb://127.0.0.1:3306/");
        String user = options.getOrDefault("user", "root");
        String password = options.getOrDefault("password", "");
        String schema = options.getOrDefault("schema", "mf_bench_alerts");
        int edges = Integer.parseInt(options.getOrDefault("edges", "100000"));
        int rules = Integer.parseInt(options.getOrDefault("rules", "200"));
        int passes = Integer.parseInt(options.getOrDefault("passes", "10"));
        double offlineShare = Double.parseDouble(options.getOrDefault("offline", "0.002"));
        int results = Integer.parseInt(options.getOrDefault("results", "200000"));
        try (Connection admin = DriverManager.getConnection(url, user, password); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + schema);
            statement.execute("CREATE DATABASE " + schema + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
        try (MariaDbPoolDataSource pool = new MariaDbPoolDataSource(url + schema + "?user=" + user + "&password="
                + password + "&maxPoolSize=8")) {
            Database db = new Database(pool);
            Instant now = Instant.now();
            long started = System.nanoTime();
            loadEdges(pool, edges, offlineShare, now);
            System.out.printf("%,d edges (%.1f %% offline, %d tags) in %.1f s%n", edges, offlineShare * 100, TAGS,
                    (System.nanoTime() - started) / 1e9);
            MyBatisInferenceStore inference = new MyBatisInferenceStore(db);
            started = System.nanoTime();
            loadResults(inference, results, edges, now);
            // as the server does every few seconds: the first call notes the newest id, the next ones count up to it
            long counted = 0;
            for (int idle = 0; idle < 2; ) {
                long batch = inference.rollUp(100_000, Duration.ZERO, Instant.now());
                counted += batch;
                idle = batch == 0 ? idle + 1 : 0;
            }
            System.out.printf("%,d results of the last 10 minutes stored and %,d counted into the rollups in %.1f s%n",
                    results, counted, (System.nanoTime() - started) / 1e9);

            MyBatisAlertStore store = new MyBatisAlertStore(db);
            createRules(store, rules, edges);
            AlertConfiguration config = ConfigAnnotations.of(AlertConfiguration.class,
                    Map.of("evaluateIntervalSeconds", 3600, "nodeId", "benchmark"));
            AlertEvaluator evaluator = new AlertEvaluator(store, inference, new DriftServiceImpl(new MyBatisModelStore(db),
                    new MyBatisDatasetStore(db), inference, new MyBatisEdgeStore(db)), config);
            double[] millis = new double[passes];
            for (int pass = 0; pass <= passes; pass++) {
                long t = System.nanoTime();
                if (!evaluator.evaluate()) {
                    throw new IllegalStateException("the benchmark's evaluator did not get the lease");
                }
                double ms = (System.nanoTime() - t) / 1e6;
                if (pass == 0) {
                    System.out.printf("first pass (opens the alerts): %.0f ms, %,d open alerts%n", ms,
                            store.alerts(true, null, new PageRequest(1, 0)).total());
                } else {
                    millis[pass - 1] = ms;
                }
            }
            Arrays.sort(millis);
            System.out.printf("steady passes (%d): median %.0f ms, min %.0f ms, max %.0f ms (%d rules, %,d edges)%n",
                    passes, millis[passes / 2], millis[0], millis[passes - 1], rules, edges);
        }
    }

    /** Approved edges, every one tagged line=l<i % TAGS>, a share of them last seen an hour ago. */
    private static void loadEdges(MariaDbPoolDataSource pool, int edges, double offlineShare, Instant now)
            throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement edge = c.prepareStatement("INSERT INTO edge (id, name, state, inference_status, "
                    + "credential_hash, last_seen_at, created_at, updated_at, created_by, updated_by) "
                    + "VALUES (?, ?, 'APPROVED', 'RUNNING', ?, ?, ?, ?, 'bench', 'bench')");
                    PreparedStatement tag = c.prepareStatement(
                            "INSERT INTO edge_tag (edge_id, tag_key, tag_value) VALUES (?, 'line', ?)")) {
                Timestamp created = utc(now.minus(Duration.ofDays(1)));
                for (int i = 1; i <= edges; i++) {
                    boolean offline = random.nextDouble() < offlineShare;
                    edge.setLong(1, i);
                    edge.setString(2, "edge-" + i);
                    edge.setString(3, String.format("%064x", i));
                    edge.setTimestamp(4, utc(offline ? now.minus(Duration.ofHours(1)) : now.minusSeconds(random.nextInt(60))));
                    edge.setTimestamp(5, created);
                    edge.setTimestamp(6, created);
                    edge.addBatch();
                    tag.setLong(1, i);
                    tag.setString(2, "l" + (i % TAGS));
                    tag.addBatch();
                    if (i % 5_000 == 0) {
                        edge.executeBatch();
                        tag.executeBatch();
                        c.commit();
                    }
                }
                edge.executeBatch();
                tag.executeBatch();
                c.commit();
            }
        }
    }

    /** Results over the last 10 minutes from the first edges, MODELS model versions, scores uniform. */
    private static void loadResults(MyBatisInferenceStore store, int results, int edges, Instant now) {
        SplittableRandom random = new SplittableRandom(11);
        int senders = Math.min(edges, 1_000);
        int perEdge = Math.max(1, results / senders);
        for (int e = 1; e <= senders; e++) {
            List<ReportedResult> batch = new ArrayList<>(perEdge);
            for (int i = 0; i < perEdge; i++) {
                batch.add(new ReportedResult(i, now.minusMillis(random.nextLong(600_000)), "m:" + (e % MODELS), null,
                        "ok", random.nextDouble(), null, 2.0, null));
            }
            store.insertResults(e, batch, now);
        }
    }

    private static void createRules(MyBatisAlertStore store, int rules, int edges) {
        Instant now = Instant.now();
        for (int i = 0; i < rules; i++) {
            NewAlertRule rule = switch (i % 10) {
                // half watch edges going offline: fleet-wide or one tag, windows of 5 to 50 minutes
                case 0, 1, 2 -> new NewAlertRule("offline-" + i, AlertKind.EDGE_OFFLINE, null, null, null, null, null,
                        null, 5 + i % 46, null, 60, true, List.of());
                case 3, 4 -> new NewAlertRule("offline-line-" + i, AlertKind.EDGE_OFFLINE, null, "line", "l" + (i % TAGS),
                        null, null, null, 10, null, 60, true, List.of());
                case 5 -> new NewAlertRule("low-fleet-" + i, AlertKind.LOW_CONFIDENCE_RATE, null, null, null, null,
                        40.0 + i % 20, 0.5, 5 + i % 10, null, 60, true, List.of());
                case 6, 7 -> new NewAlertRule("low-model-" + i, AlertKind.LOW_CONFIDENCE_RATE, null, null, null,
                        "m:" + (i % MODELS), 45.0, 0.5, 10, null, 60, true, List.of());
                case 8 -> new NewAlertRule("low-edge-" + i, AlertKind.LOW_CONFIDENCE_RATE, (long) (1 + i % Math.min(edges, 1000)),
                        null, null, null, 45.0, 0.5, 60, null, 60, true, List.of());
                default -> new NewAlertRule("failures-" + i, AlertKind.FAILURE_RATE, null, null, null, null, 5.0, null,
                        15, null, 60, true, List.of());
            };
            store.insertRule(rule, "benchmark", now);
        }
    }

    private static Timestamp utc(Instant instant) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
}
