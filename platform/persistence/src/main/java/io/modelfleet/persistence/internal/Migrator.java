package io.modelfleet.persistence.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned schema migrations. Several servers may start at once: the whole run holds a MariaDB named
 * lock and re-reads what is applied after taking it, so each migration runs exactly once.
 */
final class Migrator {
    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
    /** In order; listed here because OSGi bundles cannot portably list their resources. */
    static final List<String> MIGRATIONS = List.of("V001__init.sql", "V002__models.sql", "V003__datasets.sql",
            "V004__inference_samples.sql", "V005__streams.sql", "V006__login_hardening.sql",
            "V007__collection_policy.sql", "V008__rollouts.sql", "V009__agent_releases.sql",
            "V010__import_job_lease.sql", "V011__deletion.sql",
            "V012__inference_rollups.sql", "V013__edge_change.sql", "V014__alerts.sql", "V015__directory_users.sql",
            "V016__retraining.sql", "V017__daily_summary.sql");
    private static final String LOCATION = "/io/modelfleet/persistence/migrations/";
    private static final String LOCK = "modelfleet_schema";
    private static final int LOCK_TIMEOUT_SECONDS = 120;

    private Migrator() {
    }

    /** @return the migrations this call applied */
    static List<String> migrate(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            lock(connection);
            try {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, "
                            + "name VARCHAR(128) NOT NULL, applied_at DATETIME(3) NOT NULL) ENGINE=InnoDB");
                }
                Set<Integer> applied = appliedVersions(connection);
                List<String> ran = new ArrayList<>();
                for (String migration : MIGRATIONS) {
                    int version = version(migration);
                    if (!applied.contains(version)) {
                        apply(connection, migration, version);
                        ran.add(migration);
                    }
                }
                return ran;
            } finally {
                try (PreparedStatement release = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
                    release.setString(1, LOCK);
                    release.execute();
                }
            }
        }
    }

    private static void lock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
            lock.setString(1, LOCK);
            lock.setInt(2, LOCK_TIMEOUT_SECONDS);
            try (ResultSet result = lock.executeQuery()) {
                if (!result.next() || result.getInt(1) != 1) {
                    throw new SQLException("another server held the schema migration lock for over "
                            + LOCK_TIMEOUT_SECONDS + " s");
                }
            }
        }
    }

    private static Set<Integer> appliedVersions(Connection connection) throws SQLException {
        Set<Integer> versions = new HashSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT version FROM schema_version")) {
            while (rows.next()) {
                versions.add(rows.getInt(1));
            }
        }
        return versions;
    }

    /** MariaDB DDL is not transactional, so each statement commits; the version row is written last. */
    private static void apply(Connection connection, String migration, int version) throws SQLException {
        LOG.info("Applying schema migration {}", migration);
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements(read(migration))) {
                statement.execute(sql);
            }
        }
        try (PreparedStatement record = connection.prepareStatement(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, UTC_TIMESTAMP(3))")) {
            record.setInt(1, version);
            record.setString(2, migration);
            record.executeUpdate();
        }
    }

    static int version(String migration) {
        return Integer.parseInt(migration.substring(1, migration.indexOf("__")));
    }

    private static String read(String migration) {
        try (InputStream in = Migrator.class.getResourceAsStream(LOCATION + migration)) {
            if (in == null) {
                throw new IllegalStateException("migration " + migration + " is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits a script on semicolons at line ends, dropping comment lines; the scripts use no procedures. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().trim();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().trim());
        }
        return statements;
    }
}
