package io.modelfleet.persistence.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.modelfleet.api.inference.AggregateQuery;

/**
 * Per-minute and per-hour rollups of inference results (V012): rolling raw rows up by id, reading buckets from them,
 * and removing old rows in bounded batches. The SQL is built here from constants only (table names, the histogram
 * grid); every value a caller gives is a bound parameter.
 */
final class InferenceRollups {
    /** Histogram bins of width 1/20: the count below any threshold on that grid comes out exact. */
    static final int BINS = 20;
    static final String MINUTE = "inference_rollup_minute";
    static final String HOUR = "inference_rollup_hour";
    private static final String RESULTS = "inference_result";
    private static final String EVENTS = "edge_event";

    private static final String HISTOGRAM_COLUMNS;
    private static final String HISTOGRAM_UPDATES;

    static {
        StringBuilder columns = new StringBuilder();
        StringBuilder updates = new StringBuilder();
        for (int i = 0; i < BINS; i++) {
            String column = bin(i);
            columns.append(", ").append(column);
            updates.append(", ").append(column).append(" = ").append(column).append(" + VALUES(").append(column)
                    .append(')');
        }
        HISTOGRAM_COLUMNS = columns.toString();
        HISTOGRAM_UPDATES = updates.toString();
    }

    private InferenceRollups() {
    }

    static String bin(int i) {
        return String.format("h%02d", i);
    }

    /** The grid's i-th threshold as an SQL literal, i / 20. */
    static String threshold(int i) {
        return java.math.BigDecimal.valueOf(i).divide(java.math.BigDecimal.valueOf(BINS)).toPlainString();
    }

    /**
     * The number of bins below {@code threshold} when it lies on the grid inside (0, 1), else -1. (The last bin also
     * holds scores of 1 and above, so 1 itself is not exact.)
     */
    static int binsBelow(double threshold) {
        double scaled = threshold * BINS;
        long rounded = Math.round(scaled);
        if (rounded < 1 || rounded > BINS - 1 || Double.compare(Double.parseDouble(threshold((int) rounded)), threshold) != 0) {
            return -1;
        }
        return (int) rounded;
    }

    /**
     * Rolls up at most {@code maxRows} ids of each raw table, in one transaction per table that first locks its
     * progress row: replicas doing the same wait for each other, and each raw row is counted exactly once. Ids are
     * rolled up once the largest id seen is {@code settle} old, so rows of a transaction that took a smaller id and
     * committed late are not skipped. @return raw rows counted
     */
    static long rollUp(Database db, int maxRows, Duration settle, Instant now) {
        long rows = db.jdbc(connection -> readCommitted(connection, () -> rollUp(connection, RESULTS, maxRows, settle, now)));
        rows += db.jdbc(connection -> readCommitted(connection, () -> rollUp(connection, EVENTS, maxRows, settle, now)));
        return rows;
    }

    /**
     * READ COMMITTED: INSERT ... SELECT then reads the raw rows without locking them (ingest never waits on the
     * rollups), and the newest id seen is the newest committed one. The pool gets the connection back as it lent it.
     */
    private static long readCommitted(Connection connection, SqlCall work) throws SQLException {
        int isolation = connection.getTransactionIsolation();
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        try {
            return work.call();
        } finally {
            connection.setTransactionIsolation(isolation);
        }
    }

    @FunctionalInterface
    private interface SqlCall {
        long call() throws SQLException;
    }

    private static long rollUp(Connection connection, String source, int maxRows, Duration settle, Instant now)
            throws SQLException {
        long last = -1;
        long candidate = 0;
        Instant candidateAt = null;
        // both sources write the same rollup rows: one counter at a time across servers, locks taken in one order
        try (PreparedStatement all = connection.prepareStatement(
                "SELECT source, last_id, candidate_id, candidate_at FROM rollup_progress ORDER BY source FOR UPDATE");
                ResultSet row = all.executeQuery()) {
            while (row.next()) {
                if (row.getString(1).equals(source)) {
                    last = row.getLong(2);
                    candidate = row.getLong(3);
                    candidateAt = row.getObject(4, LocalDateTime.class).toInstant(ZoneOffset.UTC);
                }
            }
        }
        if (last < 0) {
            throw new SQLException("rollup_progress has no row for " + source);
        }
        long rolled = 0;
        if (candidate > last && !candidateAt.plus(settle).isAfter(now)) {
            long upTo = Math.min(candidate, last + maxRows);
            // minutes for the fleet only: per edge they would hold about as many rows as the raw table (an edge
            // sends a few results a minute), and one edge's recent results are quick to read by its index anyway
            if (source.equals(RESULTS)) {
                rolled = countResults(connection, last, upTo);
            } else {
                for (String[] target : new String[][] {{MINUTE, "fleet"}, {HOUR, "fleet"}, {HOUR, "edge"}}) {
                    String bucket = target[0].equals(MINUTE) ? "'%Y-%m-%d %H:%i:00'" : "'%Y-%m-%d %H:00:00'";
                    failures(connection, target[0], bucket, target[1].equals("fleet"), last, upTo);
                }
                try (PreparedStatement count = connection.prepareStatement(
                        "SELECT COUNT(*) FROM " + source + " WHERE id > ? AND id <= ?")) {
                    count.setLong(1, last);
                    count.setLong(2, upTo);
                    try (ResultSet row = count.executeQuery()) {
                        row.next();
                        rolled = row.getLong(1);
                    }
                }
            }
            last = upTo;
        }
        if (last >= candidate) {
            // everything seen is counted: remember the newest id to count once it settled
            try (PreparedStatement max = connection.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM " + source);
                    ResultSet row = max.executeQuery()) {
                row.next();
                candidate = row.getLong(1);
                candidateAt = now;
            }
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE rollup_progress SET last_id = ?, candidate_id = ?, candidate_at = ? WHERE source = ?")) {
            update.setLong(1, last);
            update.setLong(2, candidate);
            update.setObject(3, utc(candidateAt));
            update.setString(4, source);
            update.executeUpdate();
        }
        return rolled;
    }

    /** One rollup row's key: its table, bucket start, edge (0: the fleet), model version and label ('' for none). */
    private record Key(String table, LocalDateTime bucket, long edge, String model, String label) {
    }

    /** One rollup row's sums while a batch is counted. */
    private static final class Counts {
        long results;
        long scored;
        double scoreSum;
        final long[] bins = new long[BINS];

        void add(Double score) {
            results++;
            if (score != null) {
                scored++;
                scoreSum += score;
                bins[bin(score)]++;
            }
        }
    }

    /** The grid's thresholds as the doubles MariaDB compares with: bin i holds [t(i), t(i+1)). */
    private static final double[] THRESHOLDS = new double[BINS];

    static {
        for (int i = 0; i < BINS; i++) {
            THRESHOLDS[i] = Double.parseDouble(threshold(i));
        }
    }

    /** By comparison, not by multiplying: a score just below a threshold must not round into the bin above it. */
    static int bin(double score) {
        int low = 0;
        int high = BINS - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (score >= THRESHOLDS[middle]) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }

    /**
     * Adds the results with ids in (after, upTo] to the fleet's minute and hour rows and each edge's hour rows: one
     * pass over the raw rows by primary key, summed here, written as multi-row upserts. (Three GROUP BY statements
     * reading the rows three times took twice as long.)
     *
     * @return the results counted
     */
    private static long countResults(Connection connection, long after, long upTo) throws SQLException {
        Map<Key, Counts> counts = new HashMap<>();
        long read = 0;
        try (PreparedStatement select = connection.prepareStatement("SELECT edge_id, time, model_version, label, score FROM "
                + RESULTS + " WHERE id > ? AND id <= ?")) {
            select.setLong(1, after);
            select.setLong(2, upTo);
            select.setFetchSize(10_000);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    read++;
                    long edge = row.getLong(1);
                    LocalDateTime time = row.getObject(2, LocalDateTime.class);
                    String model = row.getString(3);
                    model = model == null ? "" : model;
                    String label = row.getString(4);
                    label = label == null ? "" : label;
                    double score = row.getDouble(5);
                    Double scoreOrNull = row.wasNull() ? null : score;
                    LocalDateTime minute = time.truncatedTo(ChronoUnit.MINUTES);
                    LocalDateTime hour = time.truncatedTo(ChronoUnit.HOURS);
                    counts.computeIfAbsent(new Key(MINUTE, minute, 0, model, label), k -> new Counts()).add(scoreOrNull);
                    counts.computeIfAbsent(new Key(HOUR, hour, 0, model, label), k -> new Counts()).add(scoreOrNull);
                    counts.computeIfAbsent(new Key(HOUR, hour, edge, model, label), k -> new Counts()).add(scoreOrNull);
                }
            }
        }
        List<Map.Entry<Key, Counts>> minutes = new ArrayList<>();
        List<Map.Entry<Key, Counts>> hours = new ArrayList<>();
        for (Map.Entry<Key, Counts> entry : counts.entrySet()) {
            (entry.getKey().table().equals(MINUTE) ? minutes : hours).add(entry);
        }
        upsert(connection, MINUTE, minutes);
        upsert(connection, HOUR, hours);
        return read;
    }

    private static final int UPSERT_ROWS = 500;

    private static void upsert(Connection connection, String table, List<Map.Entry<Key, Counts>> rows)
            throws SQLException {
        for (int from = 0; from < rows.size(); from += UPSERT_ROWS) {
            List<Map.Entry<Key, Counts>> chunk = rows.subList(from, Math.min(rows.size(), from + UPSERT_ROWS));
            StringBuilder sql = new StringBuilder("INSERT INTO ").append(table)
                    .append(" (bucket, edge_id, model_version, label, results, scored, score_sum")
                    .append(HISTOGRAM_COLUMNS).append(") VALUES ");
            String placeholders = "(?, ?, ?, ?, ?, ?, ?" + ", ?".repeat(BINS) + ")";
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(placeholders);
            }
            sql.append(" ON DUPLICATE KEY UPDATE results = results + VALUES(results), scored = scored + VALUES(scored), ")
                    .append("score_sum = score_sum + VALUES(score_sum)").append(HISTOGRAM_UPDATES);
            try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
                int p = 1;
                for (Map.Entry<Key, Counts> row : chunk) {
                    insert.setObject(p++, row.getKey().bucket());
                    insert.setLong(p++, row.getKey().edge());
                    insert.setString(p++, row.getKey().model());
                    insert.setString(p++, row.getKey().label());
                    insert.setLong(p++, row.getValue().results);
                    insert.setLong(p++, row.getValue().scored);
                    insert.setDouble(p++, row.getValue().scoreSum);
                    for (long bin : row.getValue().bins) {
                        insert.setLong(p++, bin);
                    }
                }
                insert.executeUpdate();
            }
        }
    }

    private static void failures(Connection connection, String table, String bucket, boolean fleet, long after,
            long upTo) throws SQLException {
        String edge = fleet ? "0" : "edge_id";
        String sql = "INSERT INTO " + table + " (bucket, edge_id, model_version, label, failures) SELECT DATE_FORMAT(time, "
                + bucket + ") AS b, " + edge + " AS e, COALESCE(model_version, '') AS m, '' AS l, COUNT(*) FROM " + EVENTS
                + " WHERE id > ? AND id <= ? AND kind = 'INFERENCE_FAILURE' GROUP BY b, e, m "
                + "ON DUPLICATE KEY UPDATE failures = failures + VALUES(failures)";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setLong(1, after);
            insert.setLong(2, upTo);
            insert.executeUpdate();
        }
    }

    /**
     * The last ids counted of results and events. Read in the same transaction as the rollups (one consistent
     * snapshot, REPEATABLE READ), rows up to them are in the rollups and rows after them are not: a dashboard adds the
     * raw rows after them, which are the last seconds of ingest (found by primary key) and rows edges sent late.
     */
    static long[] counted(Connection connection) throws SQLException {
        long[] last = new long[2];
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT source, last_id FROM rollup_progress WHERE source IN (?, ?)")) {
            statement.setString(1, RESULTS);
            statement.setString(2, EVENTS);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    last[row.getString(1).equals(RESULTS) ? 0 : 1] = row.getLong(2);
                }
            }
        }
        return last;
    }

    /** Bucket sums of the raw rows in the query's range not counted yet (ids after {@link #counted}). */
    static void uncountedSums(Connection connection, AggregateQuery query, long[] counted, Map<Long, Sums> into)
            throws SQLException {
        Instant from = query.from();
        Instant to = query.to();
        String filter = " WHERE id > ? AND time >= ? AND time < ?" + (query.edgeId() != null ? " AND edge_id = ?" : "")
                + (query.modelVersion() != null ? " AND model_version = ?" : "");
        String bucket = "TIMESTAMPDIFF(MICROSECOND, ?, time) DIV (? * 1000000)";
        try (PreparedStatement results = connection.prepareStatement("SELECT " + bucket + " AS n, COUNT(*), COUNT(score), "
                + "COALESCE(SUM(score), 0), COALESCE(SUM(score < ?), 0) FROM " + RESULTS + filter + " GROUP BY n")) {
            bind(results, query, query.lowConfidenceBelow(), counted[0], from, to);
            try (ResultSet row = results.executeQuery()) {
                while (row.next()) {
                    into.merge(row.getLong(1), new Sums(row.getLong(2), row.getLong(3), row.getDouble(4), row.getLong(5), 0),
                            Sums::plus);
                }
            }
        }
        try (PreparedStatement failures = connection.prepareStatement("SELECT " + bucket + " AS n, COUNT(*) FROM " + EVENTS
                + filter + " AND kind = 'INFERENCE_FAILURE' GROUP BY n")) {
            bind(failures, query, null, counted[1], from, to);
            try (ResultSet row = failures.executeQuery()) {
                while (row.next()) {
                    into.merge(row.getLong(1), new Sums(0, 0, 0, 0, row.getLong(2)), Sums::plus);
                }
            }
        }
    }

    /** Binds the bucket's origin and width, the threshold when the statement selects one, the last counted id, the range and filters. */
    private static void bind(PreparedStatement statement, AggregateQuery query, Double threshold, long after,
            Instant from, Instant to) throws SQLException {
        int p = 1;
        statement.setObject(p++, utc(query.from()));
        statement.setLong(p++, query.bucketSeconds());
        if (threshold != null) {
            statement.setDouble(p++, threshold);
        }
        statement.setLong(p++, after);
        statement.setObject(p++, utc(from));
        statement.setObject(p++, utc(to));
        if (query.edgeId() != null) {
            statement.setLong(p++, query.edgeId());
        }
        if (query.modelVersion() != null) {
            statement.setString(p, query.modelVersion());
        }
    }

    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
    }

    /** Bucket sums of one table over [from, to), numbered like {@link AggregateQuery}'s buckets. */
    record Sums(long count, long scored, double scoreSum, long lowConfidence, long failures) {
        Sums plus(Sums other) {
            return new Sums(count + other.count, scored + other.scored, scoreSum + other.scoreSum,
                    lowConfidence + other.lowConfidence, failures + other.failures);
        }
    }

    static void sums(Connection connection, String table, AggregateQuery query, int binsBelow, Instant from, Instant to,
            Map<Long, Sums> into) throws SQLException {
        StringBuilder low = new StringBuilder("0");
        for (int i = 0; i < binsBelow; i++) {
            low.append(" + ").append(bin(i));
        }
        String sql = "SELECT TIMESTAMPDIFF(MICROSECOND, ?, bucket) DIV (? * 1000000) AS n, SUM(results), SUM(scored), "
                + "SUM(score_sum), SUM(" + low + "), SUM(failures) FROM " + table
                + " WHERE edge_id = ? AND bucket >= ? AND bucket < ?"
                + (query.modelVersion() != null ? " AND model_version = ?" : "") + " GROUP BY n";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int p = 1;
            statement.setObject(p++, utc(query.from()));
            statement.setLong(p++, query.bucketSeconds());
            statement.setLong(p++, query.edgeId() == null ? 0 : query.edgeId());
            statement.setObject(p++, utc(from));
            statement.setObject(p++, utc(to));
            if (query.modelVersion() != null) {
                statement.setString(p, query.modelVersion());
            }
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    into.merge(row.getLong(1), new Sums(row.getLong(2), row.getLong(3), row.getDouble(4), row.getLong(5),
                            row.getLong(6)), Sums::plus);
                }
            }
        }
    }

    /**
     * Whether the query can be answered from rollups: a low-confidence threshold on the histogram grid, and for the
     * fleet buckets of whole minutes starting on a minute, for one edge whole hours.
     */
    static boolean answers(AggregateQuery query) {
        if (binsBelow(query.lowConfidenceBelow()) < 0) {
            return false;
        }
        if (query.edgeId() != null) {
            // one edge: hours only, [from, to) whole hours
            return query.bucketSeconds() % 3600 == 0 && onThe(query.from(), ChronoUnit.HOURS)
                    && onThe(query.to(), ChronoUnit.HOURS);
        }
        return query.bucketSeconds() % 60 == 0 && onThe(query.from(), ChronoUnit.MINUTES);
    }

    private static boolean onThe(Instant instant, ChronoUnit unit) {
        return instant.truncatedTo(unit).equals(instant);
    }

    /**
     * The parts of [from, to) each rollup table answers: the hour table for whole hours when buckets are whole hours
     * starting on an hour, the minute table for the rest.
     */
    static List<Segment> segments(AggregateQuery query) {
        List<Segment> segments = new ArrayList<>();
        Instant minuteFrom = query.from();
        boolean hourly = query.bucketSeconds() % 3600 == 0
                && query.from().truncatedTo(ChronoUnit.HOURS).equals(query.from());
        Instant lastHour = query.to().truncatedTo(ChronoUnit.HOURS);
        if (hourly && lastHour.isAfter(query.from())) {
            segments.add(new Segment(HOUR, query.from(), lastHour));
            minuteFrom = lastHour;
        }
        if (query.to().isAfter(minuteFrom)) {
            segments.add(new Segment(MINUTE, minuteFrom, query.to()));
        }
        return segments;
    }

    record Segment(String table, Instant from, Instant to) {
    }

    /** Deletes up to {@code batch} rows older than {@code cutoff} from a table with a {@code column} index. */
    static int deleteBefore(Database db, String table, String column, Instant cutoff, int batch) {
        return db.jdbc(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM " + table + " WHERE " + column + " < ? LIMIT ?")) {
                delete.setObject(1, utc(cutoff));
                delete.setInt(2, batch);
                return delete.executeUpdate();
            }
        });
    }

}
