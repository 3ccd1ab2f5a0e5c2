package io.modelfleet.benchmark.edgeload;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BulkEdgesTest {

    private static final Path MIGRATIONS = Path.of("../../platform/persistence/src/main/resources");
    /** What the server's EdgeCredential.parse accepts. */
    private static final Pattern SERVER_FORM = Pattern.compile("mfc_([1-9][0-9]{0,17})_(.+)");

    @Test
    void credentialIsTheServersFormWithTheSecretsSha256Stored() throws Exception {
        String secret = BulkEdges.secret("edge-load", "fleet-42");
        assertEquals(43, secret.length(), "256 bits in URL-safe base64 without padding, like the server's secrets");
        assertTrue(secret.matches("[A-Za-z0-9_-]{43}"), secret);
        String credential = BulkEdges.credential(1234, secret);
        assertTrue(credential.length() <= 128);
        Matcher m = SERVER_FORM.matcher(credential);
        assertTrue(m.matches(), credential);
        assertEquals("1234", m.group(1));
        assertEquals(secret, m.group(2), "the secret is everything after the id's underscore, even with '_' in it");
        String expected = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, BulkEdges.credentialHash(secret));
        assertEquals(64, BulkEdges.credentialHash(secret).length());
        assertEquals(BulkEdges.credentialHash(secret).toLowerCase(), BulkEdges.credentialHash(secret));
        // derived, so later runs recompute it; different per edge and per seed
        assertEquals(secret, BulkEdges.secret("edge-load", "fleet-42"));
        assertNotEquals(secret, BulkEdges.secret("edge-load", "fleet-43"));
        assertNotEquals(secret, BulkEdges.secret("other", "fleet-42"));
        assertThrows(IllegalArgumentException.class, () -> BulkEdges.credential(0, secret));
    }

    @Test
    void insertSqlAndLikePattern() {
        String sql = BulkEdges.insertSql(3);
        assertEquals(3 * BulkEdges.PARAMS_PER_ROW, sql.chars().filter(c -> c == '?').count());
        assertEquals(BulkEdges.PARAMS_PER_ROW, BulkEdges.COLUMNS.split(",").length);
        assertEquals("fleet\\_1\\%-%", BulkEdges.likePattern("fleet_1%"));
    }

    /** Every column of the server's edge table that needs a value (NOT NULL, no default) is in the insert. */
    @Test
    void insertCoversEveryRequiredColumnOfTheServersTable() throws Exception {
        assertTrue(Files.isDirectory(MIGRATIONS), "server sources not found next to this module");
        Set<String> ours = new HashSet<>();
        for (String c : BulkEdges.COLUMNS.replaceAll("[()]", "").split(",")) {
            ours.add(c.trim());
        }
        List<String> required = new ArrayList<>();
        for (String ddl : edgeDdl()) {
            for (String line : ddl.split("\n")) {
                Matcher m = Pattern.compile("^\\s*(?:ALTER TABLE edge ADD COLUMN IF NOT EXISTS\\s+)?([a-z_]+)\\s+[A-Z]+.*")
                        .matcher(line);
                if (m.matches() && line.contains("NOT NULL") && !line.contains("DEFAULT")
                        && !line.contains("AUTO_INCREMENT") && !line.trim().startsWith("CREATE")) {
                    required.add(m.group(1));
                }
            }
        }
        assertTrue(required.containsAll(List.of("name", "state", "inference_status", "credential_hash", "created_at")),
                "the parse found the table: " + required);
        for (String column : required) {
            assertTrue(ours.contains(column), "column " + column + " is required by the server's table");
        }
    }

    /** CREATE TABLE edge and every ALTER TABLE edge of the server's migrations, in order. */
    private static List<String> edgeDdl() throws Exception {
        List<String> ddl = new ArrayList<>();
        Pattern create = Pattern.compile("CREATE TABLE IF NOT EXISTS edge \\(.*?\\)\\s*ENGINE=[^;]*", Pattern.DOTALL);
        Pattern alter = Pattern.compile("ALTER TABLE edge [^;]*");
        try (Stream<Path> files = Files.walk(MIGRATIONS)) {
            for (Path sql : files.filter(f -> f.toString().endsWith(".sql")).sorted().toList()) {
                String text = Files.readString(sql);
                Matcher c = create.matcher(text);
                while (c.find()) {
                    ddl.add(c.group());
                }
                Matcher a = alter.matcher(text);
                while (a.find()) {
                    ddl.add(a.group());
                }
            }
        }
        return ddl;
    }

    /**
     * Against the local MariaDB (skipped without one): the server's edge table in a scratch schema, 2,500 edges
     * created (three insert statements), then reused by a second run, which also repairs an edge that was disabled
     * and given another credential.
     */
    @Test
    void createsThenReusesEdgesInTheServersTable() throws Exception {
        assertTrue(Files.isDirectory(MIGRATIONS), "server sources not found next to this module");
        String url = "jdbc:mariadb://127.0.0.1:3306/";
        String schema = "mf_el_bulk_" + Long.toHexString(System.nanoTime() & 0xffffffL);
        Connection admin;
        try {
            admin = DriverManager.getConnection(url, "modelfleet", "modelfleet");
        } catch (SQLException e) {
            fail("no MariaDB at " + url + ": " + e.getMessage());
            return;
        }
        try (admin; Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + schema);
            try {
                st.execute("USE " + schema);
                for (String ddl : edgeDdl()) {
                    st.execute(ddl);
                }
                Options o = Options.parse(new String[]{"--bulk-edges=" + schema, "--edges=2500",
                        "--jdbc-url=" + url}, Map.of());
                BulkEdges bulk = new BulkEdges(o, "t_1");
                BulkEdges.Created first = bulk.ensure(2500);
                assertEquals(2500, first.inserted());
                assertEquals(0, first.reused());
                assertEquals(2500, first.edges().size());
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*), SUM(state = 'APPROVED'), "
                        + "SUM(inference_status = 'NO_MODEL'), SUM(target_id = 'edge-agent') FROM edge")) {
                    rs.next();
                    for (int i = 1; i <= 4; i++) {
                        assertEquals(2500, rs.getLong(i), "column " + i);
                    }
                }
                // each credential names its row, whose hash is the SHA-256 of the credential's secret
                for (int n : new int[]{0, 999, 1000, 2499}) {
                    EdgeLoad.Edge edge = first.edges().get(n);
                    Matcher m = SERVER_FORM.matcher(edge.credential());
                    assertTrue(m.matches());
                    try (ResultSet rs = st.executeQuery("SELECT name, credential_hash FROM edge WHERE id = " + m.group(1))) {
                        assertTrue(rs.next());
                        assertEquals("t_1-" + n, rs.getString(1));
                        assertEquals(BulkEdges.credentialHash(m.group(2)), rs.getString(2));
                    }
                }
                // an edge that is not ours by spelling is left alone; a disabled one with another hash is repaired
                st.execute("INSERT INTO edge (name, state, inference_status, credential_hash, created_at, updated_at, "
                        + "created_by, updated_by) VALUES ('t_1-x', 'PENDING', 'NO_MODEL', REPEAT('0', 64), NOW(), "
                        + "NOW(), 'x', 'x')");
                long repaired = first.edges().get(7).id();
                st.execute("UPDATE edge SET state = 'DISABLED', credential_hash = REPEAT('a', 64) WHERE id = " + repaired);

                BulkEdges.Created second = bulk.ensure(2600);
                assertEquals(100, second.inserted());
                assertEquals(2500, second.reused());
                assertEquals(1, second.updated());
                for (int n = 0; n < 2500; n++) {
                    assertEquals(first.edges().get(n), second.edges().get(n), "same id and credential for edge " + n);
                }
                try (ResultSet rs = st.executeQuery("SELECT state, credential_hash FROM edge WHERE id = " + repaired)) {
                    rs.next();
                    assertEquals("APPROVED", rs.getString(1));
                    assertEquals(BulkEdges.credentialHash(BulkEdges.secret("edge-load", "t_1-7")), rs.getString(2));
                }
                try (ResultSet rs = st.executeQuery("SELECT state FROM edge WHERE name = 't_1-x'")) {
                    rs.next();
                    assertEquals("PENDING", rs.getString(1));
                }
            } finally {
                st.execute("DROP DATABASE IF EXISTS " + schema);
            }
        }
    }
}
