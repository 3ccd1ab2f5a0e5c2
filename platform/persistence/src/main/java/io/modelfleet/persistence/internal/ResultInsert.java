package io.modelfleet.persistence.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import io.modelfleet.api.inference.ReportedResult;

/**
 * The ingest hot path: one multi-row {@code INSERT IGNORE} per batch, bound with plain JDBC. MyBatis evaluated an
 * OGNL expression for each of the 11,000 parameters of a 1000-row batch; binding directly keeps the server close to
 * what the database itself can take (see docs/benchmarks.md). The unique key (edge_id, seq) makes repeats no-ops.
 */
final class ResultInsert {
    private static final String HEAD = "INSERT IGNORE INTO inference_result (edge_id, seq, time, model_version, stream, "
            + "label, score, probabilities, latency_ms, input_ref, received_at) VALUES ";
    private static final String ROW = "(?,?,?,?,?,?,?,?,?,?,?)";
    private static final ConcurrentHashMap<Integer, String> SQL = new ConcurrentHashMap<>();

    private ResultInsert() {
    }

    static String sql(int rows) {
        return SQL.computeIfAbsent(rows, n -> {
            StringBuilder sql = new StringBuilder(HEAD.length() + n * (ROW.length() + 1));
            sql.append(HEAD);
            for (int i = 0; i < n; i++) {
                sql.append(i == 0 ? "" : ",").append(ROW);
            }
            return sql.toString();
        });
    }

    private static final String SAMPLE_HEAD = "INSERT IGNORE INTO inference_sample (edge_id, seq, time, model_version, "
            + "label, score, input) VALUES ";
    private static final String SAMPLE_ROW = "(?,?,?,?,?,?,?)";

    /** Results that carry a sample also store it, in the same transaction. */
    static int insertSamples(Connection connection, long edgeId, List<ReportedResult> results, List<String> inputs)
            throws SQLException {
        StringBuilder sql = new StringBuilder(SAMPLE_HEAD);
        int rows = 0;
        for (String input : inputs) {
            if (input != null) {
                sql.append(rows++ == 0 ? "" : ",").append(SAMPLE_ROW);
            }
        }
        if (rows == 0) {
            return 0;
        }
        try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            int p = 1;
            for (int i = 0; i < results.size(); i++) {
                if (inputs.get(i) == null) {
                    continue;
                }
                ReportedResult r = results.get(i);
                insert.setLong(p++, edgeId);
                insert.setLong(p++, r.seq());
                insert.setObject(p++, utc(r.time()));
                insert.setString(p++, r.modelVersion());
                insert.setString(p++, r.label());
                setDouble(insert, p++, r.score());
                insert.setString(p++, inputs.get(i));
            }
            return insert.executeUpdate();
        }
    }

    /** @return the rows inserted; the rest were duplicates */
    static int insert(Connection connection, long edgeId, List<ReportedResult> results, Instant receivedAt)
            throws SQLException {
        LocalDateTime received = utc(receivedAt);
        try (PreparedStatement insert = connection.prepareStatement(sql(results.size()))) {
            int p = 1;
            for (ReportedResult r : results) {
                insert.setLong(p++, edgeId);
                insert.setLong(p++, r.seq());
                insert.setObject(p++, utc(r.time()));
                insert.setString(p++, r.modelVersion());
                insert.setString(p++, r.stream());
                insert.setString(p++, r.label());
                setDouble(insert, p++, r.score());
                insert.setString(p++, JsonColumns.probabilities(r.probabilities()));
                setDouble(insert, p++, r.latencyMs());
                insert.setString(p++, r.inputRef());
                insert.setObject(p++, received);
            }
            return insert.executeUpdate();
        }
    }

    private static void setDouble(PreparedStatement statement, int index, Double value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.DOUBLE);
        } else {
            statement.setDouble(index, value);
        }
    }

    /** The same conversion as {@link UtcInstantTypeHandler}: UTC wall-clock time to the millisecond. */
    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
    }
}
