package io.modelfleet.benchmark.edgeload;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Calendar;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates APPROVED edges with working credentials straight in the server's database, as the server itself stores
 * them, instead of enrolling them over HTTP (about 170 enrollments/s: each hashes and writes): edge rows inserted in
 * multi-row batches, each with {@code credential_hash} = hex SHA-256 of the secret, the credential
 * {@code mfc_<edgeId>_<secret>} (the form the server's EdgeCredential issues and parses).
 *
 * <p>Secrets are not random but derived from {@code --credential-seed} and the edge name (43 characters of
 * URL-safe base64, like the server's own 256-bit secrets), so a later run with the same prefix and seed recomputes
 * every credential without storing any and reuses the edges: edges {@code <prefix>-0 .. <prefix>-(N-1)} that exist
 * are kept, only missing ones are inserted, and existing ones that are not APPROVED or carry another credential
 * hash are updated. Benchmark databases only: anyone who knows the seed and a name holds that edge's credential.
 */
final class BulkEdges {

    /** Rows per INSERT (19 parameters each, well under the protocol's 65,535). */
    static final int INSERT_ROWS = 1000;
    static final String ACTOR = "edge-load";

    static final String COLUMNS = "(name, state, inference_status, credential_hash, hostname, os, os_version, arch, "
            + "cpu, cores, memory_bytes, gpu, agent_version, runtimes, created_at, updated_at, created_by, updated_by)";
    static final int PARAMS_PER_ROW = 18;
    /** JSON array, as the server's JsonColumns writes it. */
    static final String RUNTIMES = "[\"onnxruntime\"]";

    record Created(List<EdgeLoad.Edge> edges, int inserted, int reused, int updated, long elapsedNanos) {
    }

    private final Options options;
    private final String prefix;

    BulkEdges(Options options, String prefix) {
        this.options = options;
        this.prefix = prefix;
    }

    static String name(String prefix, int n) {
        return prefix + "-" + n;
    }

    /** The secret of an edge: base64url (no padding) of SHA-256("modelfleet-edge-load:" + seed + ":" + name). */
    static String secret(String seed, String name) {
        byte[] digest = sha256(("modelfleet-edge-load:" + seed + ":" + name).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    /** What the server stores: lowercase hex SHA-256 of the secret's UTF-8 bytes (Secrets.sha256). */
    static String credentialHash(String secret) {
        return HexFormat.of().formatHex(sha256(secret.getBytes(StandardCharsets.UTF_8)));
    }

    /** The bearer credential: {@code mfc_<edgeId>_<secret>}. */
    static String credential(long edgeId, String secret) {
        if (edgeId <= 0) {
            throw new IllegalArgumentException("edge ids are positive: " + edgeId);
        }
        return "mfc_" + edgeId + "_" + secret;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static String insertSql(int rows) {
        StringBuilder sb = new StringBuilder("INSERT INTO edge ").append(COLUMNS).append(" VALUES ");
        String group = "(" + "?,".repeat(PARAMS_PER_ROW - 1) + "?)";
        for (int r = 0; r < rows; r++) {
            sb.append(r == 0 ? "" : ",").append(group);
        }
        return sb.toString();
    }

    /** LIKE pattern for {@code <prefix>-%}, with LIKE's wildcards in the prefix escaped. */
    static String likePattern(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "-%";
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(options.jdbcUrl, options.jdbcUser, options.jdbcPassword);
        c.setCatalog(options.bulkEdges); // validated as a plain schema name by Options
        return c;
    }

    /** Makes edges {@code <prefix>-0 .. <prefix>-(count-1)} exist, APPROVED, with derived credentials; in name order. */
    Created ensure(int count) throws SQLException {
        long start = System.nanoTime();
        String[] names = new String[count];
        String[] hashes = new String[count];
        String[] secrets = new String[count];
        for (int n = 0; n < count; n++) {
            names[n] = name(prefix, n);
            secrets[n] = secret(options.credentialSeed, names[n]);
            hashes[n] = credentialHash(secrets[n]);
        }
        int inserted = 0;
        int updated = 0;
        try (Connection c = connect()) {
            Map<Integer, Row> existing = existing(c, count);
            int reused = existing.size();
            List<Integer> fix = new ArrayList<>();
            for (Map.Entry<Integer, Row> e : existing.entrySet()) {
                Row row = e.getValue();
                if (!row.state.equals("APPROVED") || !row.hash.equals(hashes[e.getKey()])) {
                    fix.add(e.getKey());
                }
            }
            updated = update(c, fix, existing, hashes);
            List<Integer> missing = new ArrayList<>();
            for (int n = 0; n < count; n++) {
                if (!existing.containsKey(n)) {
                    missing.add(n);
                }
            }
            inserted = insert(c, missing, names, hashes);
            Map<Integer, Row> all = inserted == 0 ? existing : existing(c, count);
            List<EdgeLoad.Edge> edges = new ArrayList<>(count);
            for (int n = 0; n < count; n++) {
                Row row = all.get(n);
                if (row == null) {
                    throw new SQLException("edge " + names[n] + " is missing after the insert");
                }
                edges.add(new EdgeLoad.Edge(row.id, credential(row.id, secrets[n])));
            }
            return new Created(edges, inserted, reused, updated, System.nanoTime() - start);
        }
    }

    private record Row(long id, String state, String hash) {
    }

    /** Existing edges named {@code <prefix>-<n>} with n in [0, count), by n. */
    private Map<Integer, Row> existing(Connection c, int count) throws SQLException {
        Map<Integer, Row> found = new HashMap<>();
        Pattern own = Pattern.compile(Pattern.quote(prefix) + "-(0|[1-9][0-9]{0,8})");
        try (PreparedStatement st = c.prepareStatement(
                "SELECT id, name, state, credential_hash FROM edge WHERE name LIKE ?")) {
            st.setString(1, likePattern(prefix));
            st.setFetchSize(10_000);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    // names compare case-insensitively in the table: only the exact spelling is ours
                    Matcher m = own.matcher(rs.getString(2));
                    if (m.matches()) {
                        int n = Integer.parseInt(m.group(1));
                        if (n < count) {
                            found.put(n, new Row(rs.getLong(1), rs.getString(3), rs.getString(4)));
                        }
                    }
                }
            }
        }
        return found;
    }

    /** UTC wall-clock time, bound the way the server's UtcInstantTypeHandler binds it. */
    private static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    }

    private int update(Connection c, List<Integer> fix, Map<Integer, Row> existing, String[] hashes)
            throws SQLException {
        if (fix.isEmpty()) {
            return 0;
        }
        Timestamp now = Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        try (PreparedStatement st = c.prepareStatement("UPDATE edge SET state = 'APPROVED', credential_hash = ?, "
                + "updated_at = ?, updated_by = ? WHERE id = ?")) {
            int pending = 0;
            for (int n : fix) {
                st.setString(1, hashes[n]);
                st.setTimestamp(2, now, utc());
                st.setString(3, ACTOR);
                st.setLong(4, existing.get(n).id);
                st.addBatch();
                if (++pending == INSERT_ROWS) {
                    st.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                st.executeBatch();
            }
        }
        return fix.size();
    }

    private int insert(Connection c, List<Integer> missing, String[] names, String[] hashes) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        int done = 0;
        PreparedStatement full = null;
        try {
            for (int from = 0; from < missing.size(); from += INSERT_ROWS) {
                List<Integer> chunk = missing.subList(from, Math.min(missing.size(), from + INSERT_ROWS));
                PreparedStatement st = chunk.size() == INSERT_ROWS
                        ? (full == null ? full = c.prepareStatement(insertSql(INSERT_ROWS)) : full)
                        : c.prepareStatement(insertSql(chunk.size()));
                int p = 1;
                for (int n : chunk) {
                    st.setString(p++, names[n]);
                    st.setString(p++, "APPROVED");
                    st.setString(p++, "NO_MODEL");
                    st.setString(p++, hashes[n]);
                    st.setString(p++, names[n] + ".local");
                    st.setString(p++, "Linux");
                    st.setString(p++, "6.1");
                    st.setString(p++, "aarch64");
                    st.setString(p++, "Cortex-A72");
                    st.setInt(p++, 4);
                    st.setLong(p++, 4L << 30);
                    st.setString(p++, "none");
                    st.setString(p++, ACTOR);
                    st.setString(p++, RUNTIMES);
                    st.setTimestamp(p++, now, utc());
                    st.setTimestamp(p++, now, utc());
                    st.setString(p++, ACTOR);
                    st.setString(p++, ACTOR);
                }
                st.executeUpdate();
                if (st != full) {
                    st.close();
                }
                done += chunk.size();
            }
        } finally {
            if (full != null) {
                full.close();
            }
        }
        return done;
    }
}
