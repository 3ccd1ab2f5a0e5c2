package io.modelfleet.benchmark.inferencestore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.mariadb.jdbc.MariaDbPoolDataSource;

import io.modelfleet.api.inference.AggregateQuery;
import io.modelfleet.api.inference.InferenceBucket;
import io.modelfleet.api.inference.ReportedResult;
import io.modelfleet.persistence.internal.Database;
import io.modelfleet.persistence.internal.MyBatisInferenceStore;

/**
 * The inference store at fleet scale, with the server's own store code: bulk-loads results spread over days (LOAD DATA
 * into the server's table, migrated by the server's migrations), counts them into the rollups as the server does,
 * times the dashboard's aggregate queries (1 h, 24 h, 7 d with the console's bucket sizes) from the rollups and from
 * the raw rows, then deletes the oldest day with the retention statements while ingest threads keep inserting, and
 * reports the ingest rate before and during.
 *
 * <pre>
 * java -cp target/classes:$(cat target/classpath.txt) io.modelfleet.benchmark.inferencestore.InferenceStoreBenchmark \
 *   --jdbc-url=jdbc:mariadb://127.0.0.1:3306/ --user=root --rows=100000000 --edges=1000 --days=10
 * </pre>
 */
public final class InferenceStoreBenchmark {
    private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final String[] LABELS = {"ok", "defect", "unknown"};
    private static final int CHUNK = 1_000_000;

    private final Map<String, String> options;
    private final long rows;
    private final int edges;
    private final int days;
    private final Instant end;
    private final Instant start;

    private InferenceStoreBenchmark(Map<String, String> options) {
        this.options = options;
        this.rows = Long.parseLong(options.getOrDefault("rows", "100000000"));
        this.edges = Integer.parseInt(options.getOrDefault("edges", "1000"));
        this.days = Integer.parseInt(options.getOrDefault("days", "10"));
        this.end = Instant.parse(options.getOrDefault("end", "2026-12-01T00:00:00Z"));
        this.start = end.minus(Duration.ofDays(days));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            String[] pair = arg.replaceFirst("^--", "").split("=", 2);
            options.put(pair[0], pair.length > 1 ? pair[1] : "true");
        }
        new InferenceStoreBenchmark(options).run();
    }

    private void run() throws Exception {
        String url = options.getOrDefault("jdbc-url", "jdbc:mariadb://127.0.0.1:3306/");
        String user = options.getOrDefault("user", "root");
        String password = options.getOrDefault("password", "");
        String schema = options.getOrDefault("schema", "mf_bench_store");
        List<String> phases = Arrays.asList(options.getOrDefault("phases", "load,rollup,query,retention").split(","));
        try (Connection admin = DriverManager.getConnection(url, user, password); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS " + schema);
            statement.execute("SET GLOBAL innodb_buffer_pool_size = " + options.getOrDefault("buffer-pool", "8589934592"));
            try (ResultSet row = statement.executeQuery("SELECT @@version, @@innodb_buffer_pool_size")) {
                row.next();
                System.out.printf("MariaDB %s, buffer pool %d MiB, %d cores, %s%n", row.getString(1),
                        row.getLong(2) >> 20, Runtime.getRuntime().availableProcessors(), schema);
            }
        }
        String schemaUrl = url + schema + "?user=" + user + "&password=" + password
                + "&allowLocalInfile=true&maxPoolSize=12";
        try (MariaDbPoolDataSource pool = new MariaDbPoolDataSource(schemaUrl)) {
            Database db = new Database(pool);
            MyBatisInferenceStore store = new MyBatisInferenceStore(db);
            if (phases.contains("load")) {
                load(pool);
            }
            if (phases.contains("rollup")) {
                rollUp(store);
            }
            if (phases.contains("query")) {
                queries(store);
            }
            if (phases.contains("retention")) {
                retention(pool, store);
            }
        }
    }

    /**
     * LOAD DATA of generated rows in chunks of a million, each a slice of the time range, two loaders at once. A rerun
     * loads only the chunks not there yet (each LOAD DATA is one statement: a chunk is there whole or not at all), and
     * a chunk the server refuses is tried again (MariaDB 10.11 once failed one with "Failed to read auto-increment
     * value from storage engine" under two concurrent loads).
     */
    private void load(MariaDbPoolDataSource pool) throws Exception {
        long fromRow = Long.parseLong(options.getOrDefault("from-row", "-1"));
        boolean dropIndexes = Boolean.parseBoolean(options.getOrDefault("drop-indexes", "false"));
        if (dropIndexes) {
            // a bulk loader's usual trick: load into the clustered index only, build the secondary ones sorted after
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("ALTER TABLE inference_result DROP INDEX IF EXISTS uq_result, "
                        + "DROP INDEX IF EXISTS ix_result_edge_time, DROP INDEX IF EXISTS ix_result_time, "
                        + "DROP INDEX IF EXISTS ix_result_model_time");
            }
        }
        long chunks = (rows + CHUNK - 1) / CHUNK;
        long started = System.nanoTime();
        AtomicLong loaded = new AtomicLong();
        ExecutorService loaders = Executors.newFixedThreadPool(Integer.parseInt(options.getOrDefault("loaders", "2")));
        List<Future<?>> work = new ArrayList<>();
        for (long chunk = 0; chunk < chunks; chunk++) {
            long first = chunk * CHUNK;
            long count = Math.min(CHUNK, rows - first);
            work.add(loaders.submit(() -> {
                try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                    if (fromRow >= 0 ? first < fromRow : present(statement, first, count)) {
                        return null;
                    }
                    statement.execute("SET SESSION unique_checks = 0");
                    for (int attempt = 1;; attempt++) {
                        try {
                            statement.unwrap(org.mariadb.jdbc.Statement.class).setLocalInfileInputStream(
                                    new Rows(first, count));
                            statement.execute("LOAD DATA LOCAL INFILE 'rows.csv' INTO TABLE inference_result "
                                    + "FIELDS TERMINATED BY ',' (edge_id, seq, time, model_version, label, score, "
                                    + "latency_ms, received_at)");
                            break;
                        } catch (SQLException e) {
                            if (attempt == 3) {
                                throw e;
                            }
                            System.out.printf("chunk at row %,d: %s; trying again%n", first, e.getMessage());
                        }
                    }
                    long done = loaded.addAndGet(count);
                    if (done % (10L * CHUNK) < CHUNK) {
                        double seconds = (System.nanoTime() - started) / 1e9;
                        System.out.printf("loaded %,d rows, %,.0f rows/s%n", done, done / seconds);
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : work) {
            future.get();
        }
        loaders.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("load: %,d rows in %.0f s (%,.0f rows/s)%n", loaded.get(), seconds, loaded.get() / seconds);
        if (dropIndexes) {
            long indexing = System.nanoTime();
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                // the server's indexes (V001), built in one pass
                statement.execute("ALTER TABLE inference_result ADD UNIQUE KEY uq_result (edge_id, seq), "
                        + "ADD KEY ix_result_edge_time (edge_id, time), ADD KEY ix_result_time (time), "
                        + "ADD KEY ix_result_model_time (model_version, time)");
            }
            System.out.printf("indexes built in %.0f s%n", (System.nanoTime() - indexing) / 1e9);
        }
    }

    /** Whether the chunk's rows are all there: counted by time (indexed), as each chunk is a slice of time. */
    private boolean present(Statement statement, long first, long count) throws SQLException {
        String from = LocalDateTime.ofInstant(timeOf(first), ZoneOffset.UTC).format(CSV_TIME);
        String to = LocalDateTime.ofInstant(timeOf(first + count - 1), ZoneOffset.UTC).format(CSV_TIME);
        try (ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM inference_result WHERE time BETWEEN '" + from
                + "' AND '" + to + "' AND edge_id <= " + edges)) {
            row.next();
            return row.getLong(1) >= count;
        }
    }

    private Instant timeOf(long n) {
        return start.plusMillis((long) ((double) n / rows * (end.toEpochMilli() - start.toEpochMilli())));
    }

    /** Counts everything into the rollups with the server's statements, a million ids per transaction. */
    private void rollUp(MyBatisInferenceStore store) {
        long started = System.nanoTime();
        long counted = 0;
        int batch = Integer.parseInt(options.getOrDefault("rollup-batch", "1000000"));
        for (int idle = 0; idle < 2;) {
            long round = store.rollUp(batch, Duration.ZERO, Instant.now());
            counted += round;
            idle = round == 0 ? idle + 1 : 0;
            if (round > 0 && counted % (10L * batch) < batch) {
                System.out.printf("counted %,d rows, %,.0f rows/s%n", counted, counted / ((System.nanoTime() - started) / 1e9));
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("rollup: %,d rows counted in %.0f s (%,.0f rows/s)%n", counted, seconds, counted / seconds);
    }

    private record Range(String label, Duration length, long bucketSeconds) {
    }

    /** The console's ranges, ending at the end of the data, fleet-wide and for one edge; rollups vs raw rows. */
    private void queries(MyBatisInferenceStore store) {
        int repeats = Integer.parseInt(options.getOrDefault("repeats", "5"));
        System.out.println("| range | scope | results in range | rollups median / max ms | raw ms | same buckets |");
        System.out.println("|---|---|---|---|---|---|");
        for (Range range : List.of(new Range("1 h", Duration.ofHours(1), 60), new Range("24 h", Duration.ofDays(1), 900),
                new Range("7 d", Duration.ofDays(7), 3600))) {
            for (Long edge : new Long[] {null, 7L}) {
                AggregateQuery query = new AggregateQuery(edge, null, end.minus(range.length()), end,
                        range.bucketSeconds(), 0.5);
                long[] millis = new long[repeats];
                List<InferenceBucket> rolled = null;
                for (int i = 0; i < repeats; i++) {
                    long started = System.nanoTime();
                    rolled = store.aggregate(query);
                    millis[i] = (System.nanoTime() - started) / 1_000_000;
                }
                Arrays.sort(millis);
                long started = System.nanoTime();
                String rawMillis;
                String same;
                try {
                    List<InferenceBucket> raw = store.rawAggregate(query);
                    rawMillis = String.format("%,d", (System.nanoTime() - started) / 1_000_000);
                    same = sameBuckets(raw, rolled) ? "yes" : "NO";
                } catch (RuntimeException e) {
                    rawMillis = String.format("> %,d (%s)", (System.nanoTime() - started) / 1_000_000,
                            e.getMessage() != null && e.getMessage().contains("timeout") ? "statement timeout" : "failed");
                    same = "-";
                }
                long results = rolled.stream().mapToLong(InferenceBucket::count).sum();
                System.out.printf("| %s | %s | %,d | %d / %d | %s | %s |%n", range.label(), edge == null ? "fleet" : "one edge",
                        results, millis[repeats / 2], millis[repeats - 1], rawMillis, same);
            }
        }
    }

    private static boolean sameBuckets(List<InferenceBucket> raw, List<InferenceBucket> rolled) {
        if (raw.size() != rolled.size()) {
            return false;
        }
        for (int i = 0; i < raw.size(); i++) {
            InferenceBucket a = raw.get(i);
            InferenceBucket b = rolled.get(i);
            if (!a.start().equals(b.start()) || a.count() != b.count() || a.lowConfidence() != b.lowConfidence()
                    || a.failures() != b.failures()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Ingest threads insert batches of 100 through the store (the server's insert) for a while; then the oldest day is
     * deleted with the retention statements while they go on. Reports ingest results/s before and during, the delete
     * rate and the slowest delete statement.
     */
    private void retention(MariaDbPoolDataSource pool, MyBatisInferenceStore store) throws Exception {
        int ingesters = Integer.parseInt(options.getOrDefault("ingesters", "4"));
        Duration before = Duration.ofSeconds(Long.parseLong(options.getOrDefault("ingest-seconds", "30")));
        Instant cutoff = start.plus(Duration.ofDays(1));
        long day;
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM inference_result WHERE time < '"
                        + LocalDateTime.ofInstant(cutoff, ZoneOffset.UTC).format(CSV_TIME) + "'")) {
            row.next();
            day = row.getLong(1);
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong ingested = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(ingesters);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < ingesters; t++) {
            long edge = 1_000_000L + t; // edges of their own: seq never collides with the loaded rows
            work.add(threads.submit(() -> {
                long seq = 0;
                SplittableRandom random = new SplittableRandom(edge);
                while (!stop.get()) {
                    List<ReportedResult> batch = new ArrayList<>(100);
                    Instant now = Instant.now();
                    for (int i = 0; i < 100; i++) {
                        batch.add(new ReportedResult(++seq, now, "m:2", null, LABELS[random.nextInt(3)],
                                random.nextDouble(), null, 2.0, null));
                    }
                    ingested.addAndGet(store.insertResults(edge, batch, now));
                }
                return null;
            }));
        }
        Thread.sleep(5_000); // warm-up
        long startCount = ingested.get();
        long startNanos = System.nanoTime();
        Thread.sleep(before.toMillis());
        double beforeRate = (ingested.get() - startCount) / ((System.nanoTime() - startNanos) / 1e9);

        long duringStart = ingested.get();
        long deleteStarted = System.nanoTime();
        long deleted = 0;
        long slowest = 0;
        int batch = Integer.parseInt(options.getOrDefault("delete-batch", "5000"));
        int removed;
        do {
            long one = System.nanoTime();
            removed = store.deleteRawBefore(cutoff, batch);
            slowest = Math.max(slowest, System.nanoTime() - one);
            deleted += removed;
        } while (removed > 0);
        double deleteSeconds = (System.nanoTime() - deleteStarted) / 1e9;
        double duringRate = (ingested.get() - duringStart) / deleteSeconds;
        stop.set(true);
        for (Future<?> future : work) {
            future.get();
        }
        threads.shutdown();
        System.out.printf("retention: the oldest day held %,d results; deleted %,d rows in %.0f s (%,.0f rows/s), "
                + "slowest statement %d ms (batches of %,d)%n", day, deleted, deleteSeconds, deleted / deleteSeconds,
                slowest / 1_000_000, batch);
        System.out.printf("ingest with %d threads (batches of 100 through the store): %,.0f results/s before, "
                + "%,.0f results/s during the delete%n", ingesters, beforeRate, duringRate);
    }

    /**
     * Generated CSV rows first..first+count: row n is at start + n/rows of the range (so the data is in time order, as
     * ingest writes it), from a random edge, seq n (unique), model m:1 then m:2 for the last third, a label and score.
     */
    private final class Rows extends InputStream {
        private final long last;
        private final SplittableRandom random;
        private long next;
        private byte[] line = new byte[0];
        private int position;

        Rows(long first, long count) {
            this.next = first;
            this.last = first + count;
            this.random = new SplittableRandom(first);
        }

        private boolean fill() {
            if (next >= last) {
                return false;
            }
            long n = next++;
            Instant time = timeOf(n);
            String at = LocalDateTime.ofInstant(time, ZoneOffset.UTC).format(CSV_TIME);
            String model = n > rows * 2 / 3 ? "m:2" : "m:1";
            double score = random.nextDouble();
            String text = (1 + random.nextInt(edges)) + "," + n + "," + at + "," + model + ","
                    + LABELS[random.nextInt(LABELS.length)] + "," + score + "," + (1 + random.nextInt(20)) + "," + at + "\n";
            line = text.getBytes(StandardCharsets.US_ASCII);
            position = 0;
            return true;
        }

        @Override
        public int read() {
            if (position >= line.length && !fill()) {
                return -1;
            }
            return line[position++];
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            int copied = 0;
            while (copied < length) {
                if (position >= line.length && !fill()) {
                    break;
                }
                int n = Math.min(length - copied, line.length - position);
                System.arraycopy(line, position, buffer, offset + copied, n);
                position += n;
                copied += n;
            }
            return copied == 0 ? -1 : copied;
        }
    }
}
