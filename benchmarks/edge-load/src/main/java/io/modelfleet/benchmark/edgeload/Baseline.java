package io.modelfleet.benchmark.edgeload;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Direct JDBC baseline: the server's inference_result table in a scratch schema, filled with one multi-row
 * INSERT IGNORE per batch (the statement the server's mapper issues), with the same batch count, batch size,
 * warm-up and concurrency as the HTTP ingest. The schema is dropped at the end, whatever happens.
 */
final class Baseline {

    /**
     * Copy of the server's table (the migrations under platform/persistence/src/main/resources); a unit test
     * compares the two so the baseline cannot drift from what the server writes into.
     */
    static final String DDL = """
            CREATE TABLE inference_result (
              id BIGINT AUTO_INCREMENT PRIMARY KEY,
              edge_id BIGINT NOT NULL,
              seq BIGINT NOT NULL,
              time DATETIME(3) NOT NULL,
              model_version VARCHAR(64) NULL,
              stream VARCHAR(128) NULL,
              label VARCHAR(256) NULL,
              score DOUBLE NULL,
              probabilities LONGTEXT NULL,
              latency_ms DOUBLE NULL,
              input_ref VARCHAR(512) NULL,
              received_at DATETIME(3) NOT NULL,
              UNIQUE KEY uq_result (edge_id, seq),
              KEY ix_result_edge_time (edge_id, time),
              KEY ix_result_time (time),
              KEY ix_result_model_time (model_version, time)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci""";

    static final String COLUMNS = "(edge_id, seq, time, model_version, stream, label, score, probabilities, "
            + "latency_ms, input_ref, received_at)";
    static final int PARAMS_PER_ROW = 11;

    static String insertSql(int rows) {
        StringBuilder sb = new StringBuilder("INSERT IGNORE INTO inference_result ").append(COLUMNS).append(" VALUES ");
        for (int r = 0; r < rows; r++) {
            sb.append(r == 0 ? "" : ",").append("(?,?,?,?,?,?,?,?,?,?,?)");
        }
        return sb.toString();
    }

    /** One connection and its prepared statement, used by one worker at a time. */
    private record Worker(Connection connection, PreparedStatement insert) {
    }

    private final Options options;
    private final ObjectMapper mapper;
    private final String schema;

    Baseline(Options options, ObjectMapper mapper) {
        this.options = options;
        this.mapper = mapper;
        this.schema = "mf_bench_" + Long.toHexString(new SecureRandom().nextLong() & 0xffffffffffL);
    }

    private Connection connect() throws SQLException {
        try {
            Class.forName("org.mariadb.jdbc.Driver"); // in case a repackaged jar lost the driver's service file
        } catch (ClassNotFoundException e) {
            throw new SQLException("the MariaDB JDBC driver is not on the class path", e);
        }
        return DriverManager.getConnection(options.jdbcUrl, options.jdbcUser, options.jdbcPassword);
    }

    /**
     * Inserts warm-up and then measured batches for {@code edges} edges. A database failure does not end the run:
     * it is recorded as an error of the measured phase so the server figures are still reported.
     */
    List<PhaseResult> run(int edges) throws InterruptedException {
        List<PhaseResult> phases = new ArrayList<>();
        try (Connection admin = connect(); Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE `" + schema + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            try {
                admin.setCatalog(schema);
                st.execute(DDL);
                List<Worker> workers = new ArrayList<>();
                try {
                    String sql = insertSql(options.batchSize);
                    for (int w = 0; w < options.concurrency; w++) {
                        Connection c = connect();
                        try {
                            c.setCatalog(schema);
                            c.setAutoCommit(true);
                            workers.add(new Worker(c, c.prepareStatement(sql)));
                        } catch (SQLException e) {
                            closeQuietly(c);
                            throw e;
                        }
                    }
                    if (options.warmupBatches > 0) {
                        phases.add(insertPhase("baseline-warmup", workers, edges, 0, options.warmupBatches));
                    }
                    phases.add(insertPhase(Report.BASELINE, workers, edges, options.warmupBatches,
                            options.batchesPerEdge));
                } finally {
                    for (Worker w : workers) {
                        closeQuietly(w.connection());
                    }
                }
            } finally {
                st.execute("DROP DATABASE IF EXISTS `" + schema + "`");
            }
        } catch (SQLException e) {
            PhaseResult measured = phases.stream().filter(p -> p.name.equals(Report.BASELINE)).findFirst()
                    .orElseGet(() -> {
                        PhaseResult p = new PhaseResult(Report.BASELINE, "rows");
                        phases.add(p);
                        return p;
                    });
            measured.error("baseline database (schema " + schema + "): " + e);
        }
        return phases;
    }

    /** Same order as the HTTP ingest: batch-major over edges 1..edges. */
    private PhaseResult insertPhase(String name, List<Worker> workers, int edges, int firstBatch, int batches)
            throws InterruptedException {
        PhaseResult phase = new PhaseResult(name, "rows");
        BlockingQueue<Worker> idle = new ArrayBlockingQueue<>(workers.size(), false, workers);
        int batchSize = options.batchSize;
        PhaseRunner.run(phase, batches * edges, i -> r -> {
            long edgeId = i % edges + 1;
            int batch = firstBatch + i / edges;
            // rows and their JSON are built before the clock starts, as the HTTP body is
            List<ResultGenerator.Result> rows = ResultGenerator.batch(batch, batchSize, ThreadLocalRandom.current());
            List<String> probabilities = new ArrayList<>(rows.size());
            for (ResultGenerator.Result row : rows) {
                probabilities.add(mapper.writeValueAsString(row.probabilities()));
            }
            Worker worker = idle.take();
            try {
                long start = System.nanoTime();
                int inserted = insert(worker.insert(), edgeId, rows, probabilities);
                r.latencies.record(System.nanoTime() - start);
                r.items.addAndGet(inserted);
                if (inserted != batchSize) {
                    r.error("edge " + edgeId + " batch " + batch + ": inserted " + inserted + " of " + batchSize);
                }
            } finally {
                idle.add(worker);
            }
        }, workers.size());
        return phase;
    }

    private static int insert(PreparedStatement ps, long edgeId, List<ResultGenerator.Result> rows,
                              List<String> probabilities) throws SQLException {
        Timestamp receivedAt = Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        // UTC wall-clock time, bound the way the server's UtcInstantTypeHandler binds it
        Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        int p = 1;
        for (int i = 0; i < rows.size(); i++) {
            ResultGenerator.Result row = rows.get(i);
            ps.setLong(p++, edgeId);
            ps.setLong(p++, row.seq());
            ps.setTimestamp(p++, Timestamp.from(row.time()), utc);
            ps.setString(p++, ResultGenerator.MODEL_VERSION);
            ps.setNull(p++, Types.VARCHAR);
            ps.setString(p++, row.label());
            ps.setDouble(p++, row.score());
            ps.setString(p++, probabilities.get(i));
            ps.setDouble(p++, row.latencyMs());
            ps.setNull(p++, Types.VARCHAR);
            ps.setTimestamp(p++, receivedAt, utc);
        }
        return ps.executeUpdate();
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing anyway; the schema is dropped next
        }
    }
}
