package io.modelfleet.benchmark.edgeload;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Direct JDBC baseline: the server's inference_result table in a scratch schema, filled with one multi-row
 * INSERT IGNORE per batch, same batch count, batch size and concurrency as the HTTP ingest.
 */
final class Baseline {

    static final String DDL = "CREATE TABLE inference_result ("
            + "id BIGINT AUTO_INCREMENT PRIMARY KEY, edge_id BIGINT NOT NULL, seq BIGINT NOT NULL, "
            + "time TIMESTAMP(3) NOT NULL, model_version VARCHAR(64), stream VARCHAR(128), label VARCHAR(256), "
            + "score DOUBLE, probabilities LONGTEXT, latency_ms DOUBLE, input_ref VARCHAR(512), "
            + "received_at TIMESTAMP(3) NOT NULL, UNIQUE KEY uq_result (edge_id, seq), KEY ix_edge_time (edge_id, time), "
            + "KEY ix_time (time), KEY ix_model_time (model_version, time)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

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

    private record Worker(Connection connection, PreparedStatement insert) {
    }

    private final Options options;
    private final ObjectMapper mapper;
    private final String schema;

    Baseline(Options options, ObjectMapper mapper) {
        this.options = options;
        this.mapper = mapper;
        this.schema = "mf_bench_" + Long.toHexString(new Random().nextLong() & 0xffffffffffL);
    }

    String schema() {
        return schema;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(options.jdbcUrl, options.jdbcUser, options.jdbcPassword);
    }

    /** Inserts {@code edges * batchesPerEdge} batches of batchSize rows. */
    PhaseResult run(int edges) throws Exception {
        try {
            Class.forName("org.mariadb.jdbc.Driver");
        } catch (ClassNotFoundException ignored) {
            // DriverManager's service loading may still find it
        }
        PhaseResult result = new PhaseResult("baseline-jdbc", "rows");
        int batchSize = options.batchSize;
        try (Connection admin = connect(); Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE `" + schema + "` CHARACTER SET utf8mb4");
            try {
                admin.setCatalog(schema);
                st.execute(DDL);
                BlockingQueue<Worker> workers = new ArrayBlockingQueue<>(options.concurrency);
                List<Connection> opened = new ArrayList<>();
                try {
                    String sql = insertSql(batchSize);
                    for (int w = 0; w < options.concurrency; w++) {
                        Connection c = connect();
                        opened.add(c);
                        c.setCatalog(schema);
                        c.setAutoCommit(true);
                        workers.add(new Worker(c, c.prepareStatement(sql)));
                    }
                    List<EdgeLoad.Task> tasks = new ArrayList<>();
                    for (int b = 0; b < options.batchesPerEdge; b++) {
                        for (int e = 1; e <= edges; e++) {
                            final int batch = b;
                            final long edgeId = e;
                            tasks.add(r -> {
                                List<ResultGenerator.Result> rows =
                                        ResultGenerator.batch(batch, batchSize, ThreadLocalRandom.current());
                                List<String> probabilities = new ArrayList<>(rows.size());
                                for (ResultGenerator.Result row : rows) {
                                    probabilities.add(mapper.writeValueAsString(row.probabilities()));
                                }
                                Worker worker = workers.take();
                                try {
                                    long start = System.nanoTime();
                                    int inserted = insert(worker.insert(), edgeId, rows, probabilities);
                                    r.latencies.record(System.nanoTime() - start);
                                    r.items.addAndGet(inserted);
                                    if (inserted != batchSize) {
                                        r.error("inserted " + inserted + " of " + batchSize + " rows");
                                    }
                                } finally {
                                    workers.add(worker);
                                }
                            });
                        }
                    }
                    EdgeLoad.runTasks(result, tasks, options.concurrency);
                } finally {
                    for (Connection c : opened) {
                        try {
                            c.close();
                        } catch (SQLException ignored) {
                            // closing anyway
                        }
                    }
                }
            } finally {
                st.execute("DROP DATABASE IF EXISTS `" + schema + "`");
            }
        }
        return result;
    }

    private static int insert(PreparedStatement ps, long edgeId, List<ResultGenerator.Result> rows,
                              List<String> probabilities) throws SQLException {
        Timestamp receivedAt = Timestamp.from(Instant.now());
        int p = 1;
        for (int i = 0; i < rows.size(); i++) {
            ResultGenerator.Result row = rows.get(i);
            ps.setLong(p++, edgeId);
            ps.setLong(p++, row.seq());
            ps.setTimestamp(p++, Timestamp.from(row.time()));
            ps.setString(p++, ResultGenerator.MODEL_VERSION);
            ps.setNull(p++, Types.VARCHAR);
            ps.setString(p++, row.label());
            ps.setDouble(p++, row.score());
            ps.setString(p++, probabilities.get(i));
            ps.setDouble(p++, row.latencyMs());
            ps.setNull(p++, Types.VARCHAR);
            ps.setTimestamp(p++, receivedAt);
        }
        return ps.executeUpdate();
    }
}
